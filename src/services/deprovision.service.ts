// Leavers. Deprovisioning a user empties them: every group and role membership
// goes, the archetype is cleared, every active grant is revoked with reason
// DEPROVISIONED, and the row is marked deprovisioned (kept for audit; the
// entitlement loader treats it as having no sources at all, so it is never
// effective for anything even if some later row named it). Platforms hear of it
// through the publish jobs the entitlement change queues: the user's manifest is
// published with no skills. Re-provisioning (upsertUsers, SCIM active:true)
// clears the mark; the user starts clean because nothing was kept.
// Errors raised here:
//   NOT_FOUND      an id is not a user of this tenant
//   BAD_USER_INPUT invalid id, duplicates, or more than 1000 ids
import type { RequestContext } from "../core/context.js";
import { badInput, notFound } from "../core/errors.js";
import { checkKey } from "../catalog/keys.js";
import type { Tx } from "../db/client.js";
import { eachChunk, idsPerStatement, readInChunks } from "./batch.js";
import { publishForUsers, runEntitlementChange, type EntitlementChange } from "./entitlement-change.js";
import { runChange } from "./governance.js";
import type { UserRow } from "./directory.service.js";

export const MAX_DEPROVISION_USERS = 1000;

export interface DeprovisionResult {
  users: UserRow[];
  /** Grants revoked with reason DEPROVISIONED. */
  revokedGrants: number;
  change: EntitlementChange;
}

function checkIds(ids: string[], field: string): string[] {
  if (ids.length > MAX_DEPROVISION_USERS) throw badInput(`At most ${MAX_DEPROVISION_USERS} users a call (got ${ids.length})`, field);
  const seen = new Map<string, number>();
  return ids.map((raw, i) => {
    const id = checkKey(raw.toLowerCase(), `${field}.${i}`);
    if (seen.has(id)) throw badInput(`User "${id}" appears twice (${field}.${seen.get(id)} and ${field}.${i})`, `${field}.${i}`);
    seen.set(id, i);
    return id;
  });
}

/** Empties the given (provisioned) users inside the caller's transaction; returns the number of grants revoked. */
async function emptyUsers(ctx: RequestContext, tx: Tx, ids: string[], now: Date): Promise<number> {
  const tenantId = ctx.tenantId;
  let revoked = 0;
  await eachChunk(ids, idsPerStatement(ctx), async (chunk) => {
    const where = { tenantId, userId: { in: chunk } };
    await tx.groupMember.deleteMany({ where });
    await tx.roleMember.deleteMany({ where });
    // Expired grants keep their record as it is (the sweeper marks them EXPIRED).
    const r = await tx.userGrant.updateMany({
      where: { ...where, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      data: { revokedAt: now, revokeReason: "DEPROVISIONED" },
    });
    revoked += r.count;
    await tx.skillManager.deleteMany({ where: { tenantId, kind: "USER", principalId: { in: chunk } } });
    await tx.user.updateMany({ where: { tenantId, id: { in: chunk } }, data: { archetypeId: null, deprovisionedAt: now } });
  });
  return revoked;
}

export async function deprovisionUsers(ctx: RequestContext, idsArg: string[], dryRun: boolean, field = "ids"): Promise<DeprovisionResult> {
  const ids = checkIds(idsArg, field);
  const tenantId = ctx.tenantId;
  const read = (tx: Tx) => readInChunks(ctx, ids, (chunk) => tx.user.findMany({ where: { tenantId, id: { in: chunk } } }));
  const { value, change } = await runEntitlementChange(ctx, dryRun, {
    users: { kind: "users", ids },
    skills: null,
    subjects: ids.map((id) => `user:${id}`),
    publish: publishForUsers,
    trigger: "deprovision",
    apply: async ({ tx, emit }) => {
      const found = new Map((await read(tx)).map((u) => [u.id, u]));
      ids.forEach((id, i) => {
        if (!found.has(id)) throw notFound("User", id, `${field}.${i}`);
      });
      const already = ids.filter((id) => found.get(id)!.deprovisionedAt);
      const leaving = ids.filter((id) => !found.get(id)!.deprovisionedAt);
      const now = new Date();
      const revokedGrants = await emptyUsers(ctx, tx, leaving, now);
      for (const id of leaving) {
        const before = found.get(id)!;
        await emit({
          kind: "user.deprovisioned",
          subjects: [`user:${id}`, ...(before.archetypeId ? [`archetype:${before.archetypeId}`] : [])],
          payload: { userId: id, previousArchetypeId: before.archetypeId },
        });
      }
      const after = new Map((await read(tx)).map((u) => [u.id, u]));
      return {
        value: { users: ids.map((id) => after.get(id)!), revokedGrants },
        recorded: leaving.length > 0,
        warnings: already.length ? [`Already deprovisioned, left as they were: ${already.slice(0, 20).join(", ")}${already.length > 20 ? ", …" : ""}`] : [],
      };
    },
  });
  return { ...value, change };
}

/**
 * Clears the deprovisioned mark. The user has no sources (deprovisioning removed
 * them), so no one's effective skills change here; later writes may give them some.
 */
export async function reprovisionUser(ctx: RequestContext, userId: string): Promise<UserRow> {
  return runChange(ctx, async ({ tx, emit }) => {
    const user = await tx.user.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id: userId } } });
    if (!user) throw notFound("User", userId, "id");
    if (!user.deprovisionedAt) return user;
    const updated = await tx.user.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id: userId } }, data: { deprovisionedAt: null } });
    await emit({ kind: "user.reprovisioned", subjects: [`user:${userId}`], payload: { userId, deprovisionedAt: user.deprovisionedAt.toISOString() } });
    return updated;
  });
}
