// Who may manage a skill (edit, deploy, change lifecycle, delete, set its
// version hints), ownership transfers, and the run-time hints of a version.
// "Use" is not decided here: that stays the entitlement engine's.
//
// Rule: an admin always may. Otherwise the caller needs skills:write (checked at
// the edge) and, when the skill's manageAccess is OWNER_AND_MANAGERS, must be its
// owner, a named manager user, or a member of a named manager group. The access
// setting itself and transfers are the owner's (or an admin's).
// Errors raised here:
//   FORBIDDEN      the caller is not a manager (or the owner, or the recipient), naming the rule
//   NOT_FOUND      the skill, a user, a group or the transfer is not in this tenant
//   CONFLICT       a transfer is already pending; the transfer is no longer PENDING; the recipient already owns it
//   BAD_USER_INPUT invalid ids, too many managers, overlong hints
import type { RequestContext } from "../core/context.js";
import { generateId } from "../core/ids.js";
import { badInput, conflict, forbidden, notFound } from "../core/errors.js";
import { hasScope } from "../core/principal.js";
import { checkKey } from "../catalog/keys.js";
import { DRAFT_KEY } from "../catalog/store.js";
import type { Tx } from "../db/client.js";
import { runChange } from "./governance.js";
import { uniqueOrConflict } from "./ids.js";

export const MANAGE_ACCESS = ["EVERYONE_WITH_WRITE", "OWNER_AND_MANAGERS"] as const;
export type ManageAccess = (typeof MANAGE_ACCESS)[number];
export const MAX_MANAGERS = 100;

export type TransferRow = Awaited<ReturnType<Tx["skillOwnershipTransfer"]["findUniqueOrThrow"]>>;
type SkillAccessRow = { id: string; ownerId: string | null; manageAccess: string };

const isAdmin = (ctx: RequestContext) => ctx.principal.scopes.includes("admin");

/** Whether the caller may manage the skill; reads at most two small statements. */
export async function canManage(ctx: RequestContext, db: Tx | RequestContext["app"]["db"]["prisma"], skill: SkillAccessRow): Promise<boolean> {
  if (isAdmin(ctx)) return true;
  if (!hasScope(ctx.principal, "skills:write")) return false;
  if (skill.manageAccess !== "OWNER_AND_MANAGERS") return true;
  const me = ctx.principal.subject;
  if (skill.ownerId === me) return true;
  const managers = await db.skillManager.findMany({ where: { tenantId: ctx.tenantId, skillId: skill.id }, select: { kind: true, principalId: true } });
  if (managers.some((m) => m.kind === "USER" && m.principalId === me)) return true;
  const groups = managers.filter((m) => m.kind === "GROUP").map((m) => m.principalId);
  if (!groups.length) return false;
  return (await db.groupMember.count({ where: { tenantId: ctx.tenantId, userId: me, groupId: { in: groups } } })) > 0;
}

/** Throws FORBIDDEN naming the rule when the caller may not manage the skill. */
export async function requireManager(ctx: RequestContext, tx: Tx, skill: SkillAccessRow): Promise<void> {
  if (await canManage(ctx, tx, skill)) return;
  throw forbidden(
    `Only the owner (${skill.ownerId ?? "none"}), the named managers of skill "${skill.id}" and admins may manage it (manageAccess OWNER_AND_MANAGERS)`,
  );
}

function requireOwner(ctx: RequestContext, skill: SkillAccessRow, what: string): void {
  if (isAdmin(ctx) || (skill.ownerId !== null && skill.ownerId === ctx.principal.subject)) return;
  throw forbidden(`Only the owner (${skill.ownerId ?? "none"}) of skill "${skill.id}" or an admin may ${what}`);
}

async function loadSkill(tx: Tx, tenantId: string, id: string, field: string) {
  const skill = await tx.skill.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!skill || skill.lifecycle === "DELETED") throw notFound("Skill", id, field);
  return skill;
}

export interface SkillAccessInput {
  skillId: string;
  manageAccess: ManageAccess;
  /** Replaces the named manager users (ignored, and cleared, for EVERYONE_WITH_WRITE). */
  managerUserIds?: string[] | null;
  managerGroupIds?: string[] | null;
}

export async function setSkillAccess(ctx: RequestContext, input: SkillAccessInput) {
  const skillId = checkKey(input.skillId, "input.skillId");
  if (!MANAGE_ACCESS.includes(input.manageAccess)) throw badInput(`manageAccess must be one of ${MANAGE_ACCESS.join(", ")}`, "input.manageAccess");
  const named = input.manageAccess === "OWNER_AND_MANAGERS";
  const users = [...new Set((named ? (input.managerUserIds ?? []) : []).map((u, i) => checkKey(u.toLowerCase(), `input.managerUserIds.${i}`)))];
  const groups = [...new Set((named ? (input.managerGroupIds ?? []) : []).map((g, i) => checkKey(g, `input.managerGroupIds.${i}`)))];
  if (users.length + groups.length > MAX_MANAGERS) throw badInput(`At most ${MAX_MANAGERS} managers a skill`, "input");
  const tenantId = ctx.tenantId;
  return runChange(ctx, async ({ tx, emit }) => {
    const skill = await loadSkill(tx, tenantId, skillId, "input.skillId");
    requireOwner(ctx, skill, "change who manages it");
    const [foundUsers, foundGroups] = await Promise.all([
      users.length ? tx.user.findMany({ where: { tenantId, id: { in: users }, deprovisionedAt: null }, select: { id: true } }) : [],
      groups.length ? tx.group.findMany({ where: { tenantId, id: { in: groups } }, select: { id: true } }) : [],
    ]);
    const haveU = new Set(foundUsers.map((u) => u.id));
    const haveG = new Set(foundGroups.map((g) => g.id));
    users.forEach((u, i) => {
      if (!haveU.has(u)) throw notFound("User", u, `input.managerUserIds.${i}`);
    });
    groups.forEach((g, i) => {
      if (!haveG.has(g)) throw notFound("Group", g, `input.managerGroupIds.${i}`);
    });
    await tx.skillManager.deleteMany({ where: { tenantId, skillId } });
    const rows = [...users.map((principalId) => ({ tenantId, skillId, kind: "USER", principalId })), ...groups.map((principalId) => ({ tenantId, skillId, kind: "GROUP", principalId }))];
    if (rows.length) await tx.skillManager.createMany({ data: rows });
    const updated = await tx.skill.update({ where: { tenantId_id: { tenantId, id: skillId } }, data: { manageAccess: input.manageAccess } });
    await emit({
      kind: "skill.access_changed",
      subjects: [`skill:${skillId}`, ...users.map((u) => `user:${u}`), ...groups.map((g) => `group:${g}`)],
      payload: { from: skill.manageAccess, to: input.manageAccess, managerUserIds: users, managerGroupIds: groups },
    });
    return updated;
  });
}

export async function skillManagers(ctx: RequestContext, skillId: string): Promise<{ userIds: string[]; groupIds: string[] }> {
  const rows = await ctx.app.db.prisma.skillManager.findMany({ where: { tenantId: ctx.tenantId, skillId }, orderBy: [{ kind: "asc" }, { principalId: "asc" }] });
  return { userIds: rows.filter((r) => r.kind === "USER").map((r) => r.principalId), groupIds: rows.filter((r) => r.kind === "GROUP").map((r) => r.principalId) };
}

export function pendingTransfer(ctx: RequestContext, skillId: string): Promise<TransferRow | null> {
  return ctx.app.db.prisma.skillOwnershipTransfer.findUnique({ where: { tenantId_pendingKey: { tenantId: ctx.tenantId, pendingKey: skillId } } });
}

// ───────────── ownership transfer ─────────────

export async function requestOwnershipTransfer(ctx: RequestContext, skillIdArg: string, toUserIdArg: string): Promise<TransferRow> {
  const skillId = checkKey(skillIdArg, "skillId");
  const toUserId = checkKey(toUserIdArg.toLowerCase(), "toUserId");
  const tenantId = ctx.tenantId;
  const pending = `Skill "${skillId}" already has a pending ownership transfer; cancel it first`;
  return uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      const skill = await loadSkill(tx, tenantId, skillId, "skillId");
      requireOwner(ctx, skill, "transfer its ownership");
      const user = await tx.user.findUnique({ where: { tenantId_id: { tenantId, id: toUserId } } });
      if (!user || user.deprovisionedAt) throw notFound("User", toUserId, "toUserId");
      if (skill.ownerId === toUserId) throw conflict(`User "${toUserId}" already owns skill "${skillId}"`, "toUserId");
      if (await tx.skillOwnershipTransfer.findUnique({ where: { tenantId_pendingKey: { tenantId, pendingKey: skillId } } })) throw conflict(pending, "skillId");
      const transfer = await tx.skillOwnershipTransfer.create({
        data: {
          tenantId,
          id: generateId("xfr"),
          skillId,
          fromOwnerId: skill.ownerId,
          toUserId,
          status: "PENDING",
          requestedBy: ctx.principal.subject,
          pendingKey: skillId,
        },
      });
      await emit({
        kind: "skill.ownership_transfer_requested",
        subjects: [`skill:${skillId}`, `user:${toUserId}`],
        payload: { transferId: transfer.id, from: skill.ownerId, to: toUserId },
      });
      return transfer;
    }),
    pending,
    "skillId",
  );
}

type Decision = "accept" | "decline" | "cancel";
const STATUS: Record<Decision, string> = { accept: "ACCEPTED", decline: "DECLINED", cancel: "CANCELLED" };
const KIND: Record<Decision, string> = {
  accept: "skill.ownership_transfer_accepted",
  decline: "skill.ownership_transfer_declined",
  cancel: "skill.ownership_transfer_cancelled",
};

/** accept and decline are the recipient's alone; cancel is the owner's, the requester's or an admin's. */
export async function decideOwnershipTransfer(ctx: RequestContext, transferIdArg: string, decision: Decision): Promise<TransferRow> {
  const id = checkKey(transferIdArg, "transferId");
  const tenantId = ctx.tenantId;
  return runChange(ctx, async ({ tx, emit }) => {
    const transfer = await tx.skillOwnershipTransfer.findUnique({ where: { tenantId_id: { tenantId, id } } });
    if (!transfer) throw notFound("Ownership transfer", id, "transferId");
    const me = ctx.principal.subject;
    if (decision === "cancel") {
      const skill = await tx.skill.findUnique({ where: { tenantId_id: { tenantId, id: transfer.skillId } }, select: { ownerId: true } });
      if (!isAdmin(ctx) && me !== transfer.requestedBy && me !== skill?.ownerId) {
        throw forbidden(`Only the owner of skill "${transfer.skillId}", the requester or an admin may cancel its ownership transfer`);
      }
    } else if (me !== transfer.toUserId) {
      throw forbidden(`Only the recipient (${transfer.toUserId}) may ${decision} this ownership transfer`);
    }
    // Conditional on PENDING: two concurrent decisions cannot both win.
    const moved = await tx.skillOwnershipTransfer.updateMany({
      where: { tenantId, id, status: "PENDING" },
      data: { status: STATUS[decision], decidedAt: new Date(), pendingKey: null },
    });
    if (moved.count === 0) throw conflict(`Ownership transfer "${id}" is already ${transfer.status}`, "transferId");
    if (decision === "accept") {
      await tx.skill.update({ where: { tenantId_id: { tenantId, id: transfer.skillId } }, data: { ownerId: transfer.toUserId } });
    }
    await emit({
      kind: KIND[decision],
      subjects: [`skill:${transfer.skillId}`, `user:${transfer.toUserId}`],
      payload: { transferId: id, from: transfer.fromOwnerId, to: transfer.toUserId },
    });
    return (await tx.skillOwnershipTransfer.findUnique({ where: { tenantId_id: { tenantId, id } } }))!;
  });
}

// ───────────── version hints ─────────────

export interface VersionHintsInput {
  skillId: string;
  /** A deployed version; omitted or null: the draft. */
  version?: string | null;
  /** null or "": cleared. */
  model?: string | null;
  outputSummary?: string | null;
}

const MODEL = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$/;

export async function setVersionHints(ctx: RequestContext, input: VersionHintsInput) {
  const skillId = checkKey(input.skillId, "input.skillId");
  const model = input.model?.trim() || null;
  if (model && !MODEL.test(model)) throw badInput("model must be a model name such as claude-sonnet-4-5 (at most 100 characters)", "input.model");
  const outputSummary = input.outputSummary?.trim() || null;
  if (outputSummary && outputSummary.length > 1000) throw badInput("outputSummary must be at most 1000 characters", "input.outputSummary");
  const key = input.version ?? DRAFT_KEY;
  const tenantId = ctx.tenantId;
  return runChange(ctx, async ({ tx, emit }) => {
    const skill = await loadSkill(tx, tenantId, skillId, "input.skillId");
    await requireManager(ctx, tx, skill);
    const where = { tenantId_skillId_key: { tenantId, skillId, key } };
    const version = await tx.skillVersion.findUnique({ where });
    if (!version) throw notFound(input.version ? "Version" : "Draft of skill", input.version ?? skillId, input.version ? "input.version" : "input.skillId");
    const data = { model: input.model === undefined ? version.model : model, outputSummary: input.outputSummary === undefined ? version.outputSummary : outputSummary };
    const updated = await tx.skillVersion.update({ where, data });
    await emit({ kind: "skill.updated", subjects: [`skill:${skillId}`], payload: { changed: ["model", "outputSummary"], version: version.version, isDraft: version.isDraft, ...data } });
    return updated;
  });
}

/** Deploying carries the draft's hints to the version it creates. */
export async function carryDraftHints(tx: Tx, tenantId: string, skillId: string, draft: { model: string | null; outputSummary: string | null }, version: string) {
  if (draft.model === null && draft.outputSummary === null) return;
  await tx.skillVersion.update({
    where: { tenantId_skillId_key: { tenantId, skillId, key: version } },
    data: { model: draft.model, outputSummary: draft.outputSummary },
  });
}
