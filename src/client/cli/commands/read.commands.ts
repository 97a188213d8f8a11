// Exploring: who am I, what does a user see and why.
import type { Command } from "commander";
import { handler, notFound } from "./kit.js";

export function registerReadCommands(program: Command): void {
  program
    .command("whoami")
    .description("show the token's subject, tenant and scopes")
    .action(
      handler(async ({ client, out }) => {
        const v = await client.viewer();
        out.result(v, () => [`${v.subject}  tenant ${v.tenantId}  scopes ${v.scopes.join(" ")}`]);
      }),
    );

  program
    .command("skills")
    .description("a user's effective skills with every source, blocked skills and grants")
    .argument("<userId>", "e.g. user:marco.mazzolin@dainese.it")
    .action(
      handler(
        async ({ client, out }, _opts, userId: string) => {
          const user = await client.userSkills(userId);
          if (!user) throw notFound(`user "${userId}" not found`, "userId");
          out.result(user, () => {
            const about = [
              user.archetype ? `archetype ${user.archetype.id}` : "no archetype",
              `groups ${user.groups.map((g) => g.id).join(", ") || "(none)"}`,
              `roles ${user.roles.map((r) => r.id).join(", ") || "(none)"}`,
            ];
            const width = Math.max(20, ...user.effectiveSkills.nodes.map((e) => e.skill.id.length), ...user.blockedSkills.map((b) => b.skill.id.length));
            const lines = [`${user.id}${user.displayName ? ` (${user.displayName})` : ""}: ${about.join("; ")}`, ""];
            lines.push(`Effective skills (${user.effectiveSkills.totalCount}):`);
            for (const e of user.effectiveSkills.nodes) {
              const sources = e.sources.map((s) => s.label).join(", ");
              lines.push(`  ${e.skill.id.padEnd(width)}  ${e.skillVersion.padEnd(8)}  ${sources}${e.deprecated ? "  (deprecated)" : ""}`);
            }
            if (user.blockedSkills.length) {
              lines.push("", `Blocked (${user.blockedSkills.length}):`);
              for (const b of user.blockedSkills) {
                lines.push(`  ${b.skill.id.padEnd(width)}  by ${b.blockedBy}${b.overridesGrant ? "  (overrides a grant)" : ""}`);
              }
            }
            const grants = user.grants;
            if (grants.length) {
              lines.push("", `Grants (${grants.length}):`);
              for (const g of grants) {
                const state = g.active ? `active${g.expiresAt ? `, expires ${g.expiresAt}` : ""}` : `revoked ${g.revokedAt ?? ""}`.trim();
                lines.push(`  ${g.id}  ${g.skill.id}  ${state}  "${g.reason}"`);
              }
            }
            return lines;
          });
        },
        (_o, userId) => [{ kind: "user", id: userId }],
      ),
    );

  program
    .command("explain")
    .description("why a user does or does not see one skill: every source and every block, now")
    .argument("<userId>", "e.g. user:marco.mazzolin@dainese.it")
    .argument("<skillId>", "e.g. ledger.vendor-spend-review")
    .action(
      handler(
        async ({ client, out }, _opts, userId: string, skillId: string) => {
          const x = await client.explainSkill(userId, skillId);
          if (!x) throw notFound(`user "${userId}" not found`, "userId");
          out.result(x, () => {
            const lines = [
              `${x.skill.id} for ${userId}: ${x.effective ? "EFFECTIVE" : `NOT effective (${x.reasons.join(", ")})`}`,
              `  sources:    ${x.sources.map((s) => (s.grant ? `${s.label} (${s.grant.id})` : s.label)).join(", ") || "(none)"}`,
              `  blocked by: ${x.blockedBy.map((g) => `group:${g.id}`).join(", ") || "(no block)"}`,
              `  skill:      ${x.skill.lifecycle}, version ${x.skill.currentVersion ?? "(none)"}${x.skill.quarantined ? ", QUARANTINED" : ""}`,
            ];
            if (x.blockedBy.length && x.sources.length) lines.push(`  A block beats every grant: unblock with \`skill-gateway unblock ${x.blockedBy[0].id} ${x.skill.id}\`.`);
            return lines;
          });
        },
        (_o, userId, skillId) => [
          { kind: "user", id: userId },
          { kind: "skill", id: skillId },
        ],
      ),
    );
}
