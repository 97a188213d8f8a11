// Changes to who sees what. Every one takes --dry-run (the gateway runs it in a
// rolled-back transaction and answers exactly what would change), --watch (then
// follow the publish jobs it queued) and --json.
import type { Command } from "commander";
import type { SkillGatewayClient } from "../../client.js";
import { SkillGatewayError } from "../../errors.js";
import type { ChangeFieldsFragment, CoworkMergeMode } from "../../gql/graphql.js";
import { changeLines } from "../output.js";
import { UsageError } from "../usage-error.js";
import { DEFAULT_WATCH_TIMEOUT_S, followJobs } from "./jobs.commands.js";
import { handler, idList, integer, oneOf, parseExpiry, positiveInt, type Ctx, type Opts } from "./kit.js";

const MERGE_MODES: readonly CoworkMergeMode[] = ["MERGE", "REPLACE_ARCHETYPE_DEFAULT", "ADDITIVE_ONLY_FOR_PILOT_GROUP"];

function changeOptions(cmd: Command): Command {
  return cmd
    .option("--dry-run", "change nothing; print what the change would do")
    .option("--watch", "then follow the publish jobs it queued until they finish")
    .option("--timeout <seconds>", "with --watch: give up after this long (exit 7)", positiveInt("--timeout"), DEFAULT_WATCH_TIMEOUT_S);
}

/** Prints a change payload (and notes), then follows its jobs when asked. */
async function report(ctx: Ctx, opts: Opts, what: string, payload: { change: ChangeFieldsFragment }, notes: string[] = []) {
  const { change } = payload;
  const watch = Boolean(opts.watch) && !change.dryRun && change.publishJobs.length > 0;
  const value = notes.length ? { ...payload, notes } : payload;
  // With --watch, --json output is NDJSON: this payload, then one line per job update.
  if (ctx.out.json && watch) ctx.out.jsonLine(value);
  else ctx.out.result(value, () => [...changeLines(change, what), ...notes.map((n) => `  note: ${n}`)]);
  if (opts.watch && change.dryRun) ctx.out.say("(--watch ignored: a dry run queues no job)");
  if (watch) await followJobs(ctx, change.publishJobs.map((j) => j.id), opts.timeout as number);
}

/**
 * Why a grant changes nothing for its user, when the payload does not say so
 * already: a block beats every grant, the skill may already be effective, or
 * its lifecycle or the quarantine keeps it out.
 */
async function grantNotes(client: SkillGatewayClient, userId: string, skillId: string, change: ChangeFieldsFragment): Promise<string[]> {
  if (change.affectedUsers > 0 || change.warnings.length) return [];
  const x = await client.explainSkill(userId, skillId).catch(() => null);
  if (!x) return [];
  const notes: string[] = [];
  if (x.blockedBy.length) {
    const groups = x.blockedBy.map((g) => `group:${g.id}`).join(", ");
    notes.push(`${userId} will still not see ${skillId}: ${groups} blocks it, and a block beats every grant`);
  }
  // Judged by the skill's own lifecycle, which is what the note names.
  if (!["ACTIVE", "DEPRECATED"].includes(x.skill.lifecycle)) notes.push(`${skillId} is ${x.skill.lifecycle}: it is effective nowhere`);
  if (x.reasons.includes("QUARANTINED")) notes.push(`${skillId} is quarantined by a scan finding: it is effective nowhere`);
  if (x.effective) notes.push(`${userId} already sees ${skillId} through ${x.sources.map((s) => s.label).join(", ")}`);
  return notes;
}

export function registerChangeCommands(program: Command): void {
  changeOptions(
    program
      .command("grant")
      .description("grant a skill to one user (a user-level grant, best with an expiry)")
      .argument("<userId>", "e.g. user:marco.mazzolin@dainese.it")
      .argument("<skillId>", "e.g. terraform")
      .requiredOption("--reason <text>", "why (kept in the audit log)")
      .option("--expires <when>", "ISO date-time or a duration from now: 30d, 12h, 90m"),
  ).action(
    handler(
      async (ctx, opts, userId: string, skillId: string) => {
        const expiresAt = opts.expires ? parseExpiry(opts.expires as string) : undefined;
        const p = await ctx.client.grantSkill({ userId, skillId, reason: opts.reason as string, expiresAt }, { dryRun: Boolean(opts.dryRun) });
        const notes = await grantNotes(ctx.client, userId, skillId, p.change);
        await report(ctx, opts, `grant ${skillId} to ${userId} (grant ${p.grant.id})`, p, notes);
      },
      (_o, userId, skillId) => [
        { kind: "user", id: userId },
        { kind: "skill", id: skillId },
      ],
    ),
  );

  changeOptions(
    program
      .command("revoke")
      .description("revoke a user grant: by grant id, or by --user and --skill")
      .argument("[grantId]", "e.g. grant_demo_weekly_digest (see `skill-gateway skills <user>`)")
      .option("--user <userId>", "with --skill: revoke this user's active grant of the skill")
      .option("--skill <skillId>", "with --user"),
  ).action(
    handler(
      async (ctx, opts, grantId: string | undefined) => {
        let ids: string[];
        if (grantId) {
          if (opts.user || opts.skill) throw new UsageError("give a grant id or --user with --skill, not both");
          ids = [grantId];
        } else {
          if (!opts.user || !opts.skill) throw new UsageError("give a grant id, or both --user <userId> and --skill <skillId>");
          const user = await ctx.client.userSkills(opts.user as string);
          if (!user) throw new SkillGatewayError(`user "${opts.user}" not found`, "NOT_FOUND", 404, "user");
          ids = user.grants.filter((g) => g.active && g.skill.id === opts.skill).map((g) => g.id);
          if (!ids.length) throw new SkillGatewayError(`${opts.user} has no active grant of ${opts.skill}`, "NOT_FOUND", 404, "skill");
        }
        for (const id of ids) {
          const p = await ctx.client.revokeGrant(id, { dryRun: Boolean(opts.dryRun) });
          await report(ctx, opts, `revoke grant ${id} (${p.grant.skill.id} for ${p.grant.user.id})`, p);
        }
      },
      (opts, grantId) =>
        grantId
          ? [{ kind: "grant", id: grantId }]
          : [
              { kind: "user", id: opts.user as string },
              { kind: "skill", id: opts.skill as string },
            ],
    ),
  );

  const groupRefs = (_o: Opts, groupId: string, skillIds: string[]) => [
    { kind: "group" as const, id: groupId },
    ...skillIds.map((id) => ({ kind: "skill" as const, id })),
  ];

  changeOptions(
    program
      .command("block")
      .description("block skills for every member of a group (a block beats every grant)")
      .argument("<groupId>", "e.g. claresia-restricted-no-pii")
      .argument("<skillIds...>", "one or more skill ids"),
  ).action(
    handler(async (ctx, opts, groupId: string, skillIds: string[]) => {
      const p = await ctx.client.blockSkills(groupId, skillIds, { dryRun: Boolean(opts.dryRun) });
      await report(ctx, opts, `block ${skillIds.join(", ")} for group ${groupId}`, p);
    }, groupRefs),
  );

  changeOptions(
    program
      .command("unblock")
      .description("lift a group's block of skills")
      .argument("<groupId>", "e.g. claresia-restricted-no-pii")
      .argument("<skillIds...>", "one or more skill ids"),
  ).action(
    handler(async (ctx, opts, groupId: string, skillIds: string[]) => {
      const p = await ctx.client.unblockSkills(groupId, skillIds, { dryRun: Boolean(opts.dryRun) });
      await report(ctx, opts, `unblock ${skillIds.join(", ")} for group ${groupId}`, p);
    }, groupRefs),
  );

  changeOptions(
    program
      .command("augment")
      .description("give a group's members skills beyond their archetype's (a group augment); --remove takes them away")
      .argument("<groupId>", "e.g. claresia-eng-pilot")
      .argument("<skillIds...>", "one or more skill ids")
      .option("--remove", "remove these skills from the group's augments instead"),
  ).action(
    handler(async (ctx, opts, groupId: string, skillIds: string[]) => {
      const dryRun = Boolean(opts.dryRun);
      const p = opts.remove ? await ctx.client.removeAugment(groupId, skillIds, { dryRun }) : await ctx.client.addAugment(groupId, skillIds, { dryRun });
      await report(ctx, opts, `${opts.remove ? "remove augment" : "augment"} ${skillIds.join(", ")} ${opts.remove ? "from" : "for"} group ${groupId}`, p);
    }, groupRefs),
  );

  changeOptions(
    program
      .command("archetype-skills")
      .description("set an archetype's default skills: add, remove, or --set the whole list")
      .argument("<archetypeId>", "e.g. firmware_engineer (archetype ids use underscores)")
      .option("--add <skillIds>", "skills to add (comma-separated or repeated)", idList)
      .option("--remove <skillIds>", "skills to remove (comma-separated or repeated)", idList)
      .option("--set <skillIds>", "make the list exactly these (the additions and removals are computed from the current list)", idList),
  ).action(
    handler(
      async (ctx, opts, archetypeId: string) => {
        let add = (opts.add as string[] | undefined) ?? [];
        let remove = (opts.remove as string[] | undefined) ?? [];
        const set = opts.set as string[] | undefined;
        if (set && (add.length || remove.length)) throw new UsageError("--set replaces the whole list: give it alone, without --add or --remove");
        if (set) {
          const archetype = await ctx.client.archetype(archetypeId);
          if (!archetype) throw new SkillGatewayError(`archetype "${archetypeId}" not found`, "NOT_FOUND", 404, "archetypeId");
          const current = new Set(archetype.skills.map((s) => s.skill.id));
          add = [...new Set(set)].filter((id) => !current.has(id));
          remove = [...current].filter((id) => !set.includes(id));
          if (!add.length && !remove.length) {
            ctx.out.result({ archetype: { id: archetypeId }, unchanged: true }, () => [`archetype ${archetypeId} already has exactly these skills; nothing to do`]);
            return;
          }
        }
        if (!add.length && !remove.length) throw new UsageError("give --add <skillIds>, --remove <skillIds>, both, or --set <skillIds>");
        const p = await ctx.client.updateArchetypeSkills(archetypeId, { add, remove }, { dryRun: Boolean(opts.dryRun) });
        const parts = [add.length ? `add ${add.join(", ")}` : "", remove.length ? `remove ${remove.join(", ")}` : ""].filter(Boolean);
        await report(ctx, opts, `archetype ${archetypeId}: ${parts.join("; ")}`, p);
      },
      (opts, archetypeId) => [
        { kind: "archetype", id: archetypeId },
        ...[...((opts.add as string[]) ?? []), ...((opts.remove as string[]) ?? []), ...((opts.set as string[]) ?? [])].map((id) => ({ kind: "skill" as const, id })),
      ],
    ),
  );

  changeOptions(
    program
      .command("apply-cowork")
      .description("apply a Cowork's skills to archetypes")
      .argument("<coworkId>", "e.g. firmware-engineer.dainese.v1")
      .requiredOption("--archetype <archetypeIds>", "archetypes to apply it to (comma-separated or repeated)", idList)
      .option("--mode <mode>", `${MERGE_MODES.join(", ")}`, oneOf("--mode", MERGE_MODES), "MERGE")
      .option("--pilot-group <groupId>", "with --mode ADDITIVE_ONLY_FOR_PILOT_GROUP: the pilot group"),
  ).action(
    handler(
      async (ctx, opts, coworkId: string) => {
        const mergeMode = opts.mode as CoworkMergeMode;
        if (mergeMode === "ADDITIVE_ONLY_FOR_PILOT_GROUP" && !opts.pilotGroup) throw new UsageError("--mode ADDITIVE_ONLY_FOR_PILOT_GROUP needs --pilot-group <groupId>");
        const input = { coworkId, scopeArchetypes: opts.archetype as string[], mergeMode, pilotGroupId: opts.pilotGroup as string | undefined };
        const p = await ctx.client.applyCowork(input, { dryRun: Boolean(opts.dryRun) });
        await report(ctx, opts, `apply cowork ${coworkId} to ${input.scopeArchetypes.join(", ")} (${mergeMode})`, p);
      },
      (opts, coworkId) => [
        { kind: "cowork", id: coworkId },
        ...(opts.archetype as string[]).map((id) => ({ kind: "archetype" as const, id })),
        ...(opts.pilotGroup ? [{ kind: "group" as const, id: opts.pilotGroup as string }] : []),
      ],
    ),
  );

  program
    .command("assign")
    .description("assign a skill to an agent")
    .argument("<agentId>", "e.g. devops-agent")
    .argument("<skillId>", "e.g. terraform")
    .option("--priority <n>", "higher is more likely to be used", integer("--priority"))
    .option("--dry-run", "check it by reading (the agent, the skill, an existing assignment) and print the request; assignSkill itself has no dry run")
    .action(
      handler(
        async ({ client, out }, opts, agentId: string, skillId: string) => {
          const input = { agentId, skillId, ...(opts.priority !== undefined ? { priority: opts.priority as number } : {}) };
          if (opts.dryRun) {
            const [agent, skill] = await Promise.all([client.agent(agentId), client.skill(skillId)]);
            if (!agent) throw new SkillGatewayError(`agent "${agentId}" not found`, "NOT_FOUND", 404, "input.agentId");
            if (!skill) throw new SkillGatewayError(`skill "${skillId}" not found`, "NOT_FOUND", 404, "input.skillId");
            if (agent.skills.nodes.some((a) => a.skill.id === skillId)) {
              throw new SkillGatewayError(`${skillId} is already assigned to ${agentId}`, "CONFLICT", 409, "input.skillId");
            }
            if (["DRAFT", "ARCHIVED", "DELETED"].includes(skill.lifecycle)) {
              throw new SkillGatewayError(`${skillId} is ${skill.lifecycle} and cannot be assigned`, "SKILL_NOT_GRANTABLE", 422, "input.skillId");
            }
            const warnings = [
              ...(skill.lifecycle === "DEPRECATED" ? [`${skillId} is DEPRECATED`] : []),
              ...(skill.quarantined ? [`${skillId} is quarantined: the agent cannot load it until the finding is cleared`] : []),
            ];
            const value = { dryRun: true, checkedBy: "reads", input, skillVersion: skill.currentVersion, warnings };
            out.result(value, () => [
              `DRY RUN assign ${skillId} ${skill.currentVersion ?? ""} to ${agent.id} (${agent.name}): checked by reading, nothing was written; the request would be:`,
              `  assignSkill(input: ${JSON.stringify(input)})`,
              ...warnings.map((w) => `  warning: ${w}`),
            ]);
            return;
          }
          const p = await client.assignSkill(input);
          out.result(p, () => [
            `Done: assigned ${p.assignment.skill.id} ${p.assignment.skillVersion} to ${p.assignment.agent.id} (priority ${p.assignment.priority})`,
            ...p.warnings.map((w) => `  warning: ${w}`),
          ]);
        },
        (_o, agentId, skillId) => [
          { kind: "agent", id: agentId },
          { kind: "skill", id: skillId },
        ],
      ),
    );
}
