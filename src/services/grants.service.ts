// User-level grants: one skill for one user, for a reason, ideally until an
// expiry. An expired grant stops granting at expiresAt whatever the sweeper has
// done yet (see jobs/grant-sweeper.ts). Errors raised here:
//   NOT_FOUND           the user, the skill or the grant is not in this tenant
//   SKILL_NOT_GRANTABLE the skill is DRAFT, ARCHIVED or DELETED
//   CONFLICT            the user already holds an active grant of the skill; the grant is revoked or expired
//   BAD_USER_INPUT      empty reason; expiresAt not in the future
import { generateId } from "../core/ids.js";
import { heldBackWarnings } from "./skill-rules.js";
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, notFound } from "../core/errors.js";
import type { GrantSkillInput } from "./inputs.js";
import type { Tx } from "../db/client.js";
import { isGrantActive } from "../entitlements/resolve.js";
import { runEntitlementChange, type EntitlementChange } from "./entitlement-change.js";
import { grantableWarnings } from "./entitlements.service.js";
import { requireUser } from "./directory.service.js";

export type UserGrantRow = Awaited<ReturnType<Tx["userGrant"]["findUniqueOrThrow"]>>;

export interface GrantResult {
  grant: UserGrantRow;
  change: EntitlementChange;
}

export function newGrantId(): string {
  return generateId("grant");
}

export async function grantSkillToUser(ctx: Context, input: GrantSkillInput, dryRun: boolean): Promise<GrantResult> {
  const reason = input.reason.trim();
  if (!reason) throw badInput("reason must not be empty", "input.reason");
  const now = new Date();
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw badInput(`expiresAt must lie in the future (got ${expiresAt.toISOString()})`, "input.expiresAt");
  }
  const tenantId = ctx.tenantId;
  const { userId, skillId } = input;
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: { kind: "users", ids: [userId] },
    skills: [skillId],
    subjects: [`user:${userId}`, `skill:${skillId}`],
    publish: () => [{ scope: "USER", scopeId: userId }],
    async apply({ tx }) {
      // Locks the user's row: concurrent grants of one skill to one user serialize, so only one succeeds.
      const found = await tx.$executeRaw`UPDATE "User" SET "email" = "email" WHERE "tenantId" = ${tenantId} AND "id" = ${userId}`;
      if (found === 0) throw notFound("User", userId, "input.userId");
      await requireUser(tx, tenantId, userId, "input.userId");
      const skill = await tx.skill.findUnique({ where: { tenantId_id: { tenantId, id: skillId } } });
      if (!skill) throw notFound("Skill", skillId, "input.skillId");
      const warnings = [...grantableWarnings(skill, "input.skillId"), ...(await heldBackWarnings(tx, tenantId, skill, userId))];
      const held = await tx.userGrant.findMany({ where: { tenantId, userId, skillId, revokedAt: null } });
      const active = held.find((g) => isGrantActive(g, now.getTime()));
      if (active) throw conflict(`User "${userId}" already holds an active grant of "${skillId}" (${active.id})`, "input.skillId");
      const grant = await tx.userGrant.create({
        data: { tenantId, id: newGrantId(), userId, skillId, reason, grantedBy: ctx.principal.subject, grantedAt: now, expiresAt },
      });
      return {
        value: grant,
        added: [skillId],
        removed: [],
        warnings,
        event: {
          kind: "skill.grant_created",
          subjects: [`user:${userId}`, `skill:${skillId}`],
          payload: { grantId: grant.id, reason, expiresAt: expiresAt?.toISOString() ?? null },
        },
      };
    },
  });
  return { grant: value, change };
}

export async function revokeUserGrant(ctx: Context, grantId: string, dryRun: boolean): Promise<GrantResult> {
  const tenantId = ctx.tenantId;
  // The grant names the user and skill in scope; it is read once, inside the transaction.
  let read: Promise<UserGrantRow | null> | undefined;
  const find = (tx: Tx) => (read ??= tx.userGrant.findUnique({ where: { tenantId_id: { tenantId, id: grantId } } }));
  const subjects = [`grant:${grantId}`];
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: async (tx) => {
      const grant = await find(tx);
      if (grant) subjects.unshift(`user:${grant.userId}`, `skill:${grant.skillId}`);
      return { kind: "users", ids: grant ? [grant.userId] : [] };
    },
    skills: async (tx) => {
      const grant = await find(tx);
      return grant ? [grant.skillId] : [];
    },
    subjects,
    publish: (users) => users.map((id) => ({ scope: "USER" as const, scopeId: id })),
    async apply({ tx }) {
      const grant = await find(tx);
      if (!grant) throw notFound("Grant", grantId, "grantId");
      const now = new Date();
      if (grant.revokedAt) throw conflict(`Grant "${grantId}" is already revoked (${grant.revokeReason ?? "MANUAL"})`, "grantId");
      if (!isGrantActive(grant, now.getTime())) throw conflict(`Grant "${grantId}" has already expired`, "grantId");
      // Conditional on revokedAt still null: a concurrent revoke (or the sweeper) wins cleanly.
      const { count } = await tx.userGrant.updateMany({
        where: { tenantId, id: grantId, revokedAt: null },
        data: { revokedAt: now, revokeReason: "MANUAL" },
      });
      if (count === 0) throw conflict(`Grant "${grantId}" is already revoked`, "grantId");
      const revoked: UserGrantRow = { ...grant, revokedAt: now, revokeReason: "MANUAL" };
      return {
        value: revoked,
        added: [],
        removed: [grant.skillId],
        event: {
          kind: "skill.grant_revoked",
          subjects: [`user:${grant.userId}`, `skill:${grant.skillId}`],
          payload: { grantId, reason: "MANUAL" },
        },
      };
    },
  });
  return { grant: value, change };
}
