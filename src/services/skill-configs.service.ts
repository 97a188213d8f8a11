// Skill configs: persisted settings of a catalog skill, tenant-wide (GLOBAL) or
// for one team (TEAM, a directory group). Errors raised here:
//   NOT_FOUND      the skill, the team group or the config is not in this tenant
//   CONFLICT       the skill already has a config for this scope and team; the skill is deleted
//   BAD_USER_INPUT teamId given for GLOBAL or missing for TEAM; pinnedVersion is not a
//                  deployed version of the skill; settings is not a JSON object
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, notFound } from "../core/errors.js";
import { findPage, type ConnectionArgs, type Order } from "../core/paging.js";
import { ConfigScope } from "../core/enums.js";
import type { CreateSkillConfigInput, UpdateSkillConfigInput } from "./inputs.js";
import type { Prisma, Tx } from "../db/client.js";
import { runChange } from "./governance.js";
import { checkJsonObject, generateId, uniqueOrConflict } from "./ids.js";
import { requireSkill } from "./skills.service.js";

export type SkillConfigRow = Awaited<ReturnType<Tx["skillConfig"]["findUniqueOrThrow"]>>;

export interface SkillConfigFilter {
  skillId?: string | null;
  scope?: ConfigScope | null;
  teamId?: string | null;
}

const byId: Order<SkillConfigRow> = [{ field: "id", dir: "asc", kind: "string" }];

export function getSkillConfig(ctx: Context, id: string): Promise<SkillConfigRow | null> {
  return ctx.app.db.prisma.skillConfig.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
}

export function listSkillConfigs(ctx: Context, filter: SkillConfigFilter, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  return findPage({
    args,
    order: byId,
    where: {
      tenantId: ctx.tenantId,
      ...(filter.skillId != null ? { skillId: filter.skillId } : {}),
      ...(filter.scope != null ? { scope: filter.scope } : {}),
      ...(filter.teamId != null ? { teamId: filter.teamId } : {}),
    },
    findMany: (q) => prisma.skillConfig.findMany(q),
    count: (q) => prisma.skillConfig.count(q),
    toNode: (row) => row,
  });
}

/** A pin must name a deployed version (never the draft). */
async function checkPin(tx: Tx, tenantId: string, skillId: string, version: string, field: string): Promise<void> {
  const row = await tx.skillVersion.findUnique({
    where: { tenantId_skillId_key: { tenantId, skillId, key: version } },
    select: { isDraft: true },
  });
  if (!row || row.isDraft) throw badInput(`"${version}" is not a deployed version of skill "${skillId}"`, field);
}

export async function createSkillConfig(ctx: Context, input: CreateSkillConfigInput): Promise<SkillConfigRow> {
  const settings = checkJsonObject(input.settings ?? {}, "input.settings");
  const teamId = input.teamId ?? null;
  if (input.scope === ConfigScope.GLOBAL && teamId !== null) throw badInput("a GLOBAL config has no teamId", "input.teamId");
  if (input.scope === ConfigScope.TEAM && teamId === null) throw badInput("a TEAM config needs a teamId", "input.teamId");
  const taken = `Skill "${input.skillId}" already has a ${input.scope} config${teamId ? ` for team "${teamId}"` : ""}`;
  return uniqueOrConflict(
    runChange(ctx, async ({ tx, emit }) => {
      const skill = await requireSkill(tx, ctx.tenantId, input.skillId, "input.skillId");
      if (skill.lifecycle === "DELETED") throw conflict(`Skill "${skill.id}" is deleted`, "input.skillId");
      if (teamId !== null && !(await tx.group.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id: teamId } } }))) {
        throw notFound("Group", teamId, "input.teamId");
      }
      const teamKey = teamId ?? "";
      const existing = await tx.skillConfig.findUnique({
        where: { tenantId_skillId_scope_teamKey: { tenantId: ctx.tenantId, skillId: skill.id, scope: input.scope, teamKey } },
        select: { id: true },
      });
      if (existing) throw conflict(`${taken} ("${existing.id}")`, "input.scope");
      if (input.pinnedVersion != null) await checkPin(tx, ctx.tenantId, skill.id, input.pinnedVersion, "input.pinnedVersion");
      const config = await tx.skillConfig.create({
        data: {
          tenantId: ctx.tenantId,
          id: generateId("cfg"),
          skillId: skill.id,
          scope: input.scope,
          teamId,
          teamKey,
          enabled: input.enabled ?? true,
          pinnedVersion: input.pinnedVersion ?? null,
          settings: settings as Prisma.InputJsonValue,
          createdBy: ctx.principal.subject,
        },
      });
      await emit({
        kind: "directory.changed",
        subjects: [`config:${config.id}`, `skill:${skill.id}`, ...(teamId ? [`group:${teamId}`] : [])],
        payload: { what: "config.created", skillId: skill.id, scope: input.scope, teamId },
      });
      return config;
    }),
    taken,
    "input.scope",
  );
}

/** pinnedVersion: absent leaves the pin, an explicit null unpins (follow currentVersion). */
export async function updateSkillConfig(ctx: Context, input: UpdateSkillConfigInput): Promise<SkillConfigRow> {
  const settings = input.settings != null ? checkJsonObject(input.settings, "input.settings") : undefined;
  return runChange(ctx, async ({ tx, emit }) => {
    const config = await requireConfig(tx, ctx.tenantId, input.id, "input.id");
    if (input.pinnedVersion != null) await checkPin(tx, ctx.tenantId, config.skillId, input.pinnedVersion, "input.pinnedVersion");
    const changed = [
      ...(input.enabled != null ? ["enabled"] : []),
      ...(input.pinnedVersion !== undefined ? ["pinnedVersion"] : []),
      ...(settings !== undefined ? ["settings"] : []),
    ];
    if (changed.length === 0) return config;
    const updated = await tx.skillConfig.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: config.id } },
      data: {
        enabled: input.enabled ?? undefined,
        pinnedVersion: input.pinnedVersion,
        settings: settings as Prisma.InputJsonValue | undefined,
      },
    });
    await emit({
      kind: "directory.changed",
      subjects: [`config:${config.id}`, `skill:${config.skillId}`, ...(config.teamId ? [`group:${config.teamId}`] : [])],
      payload: { what: "config.updated", changed, pinnedVersion: updated.pinnedVersion, enabled: updated.enabled },
    });
    return updated;
  });
}

export async function deleteSkillConfig(ctx: Context, id: string): Promise<boolean> {
  return runChange(ctx, async ({ tx, emit }) => {
    const config = await requireConfig(tx, ctx.tenantId, id, "id");
    await tx.skillConfig.delete({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
    await emit({
      kind: "directory.changed",
      subjects: [`config:${id}`, `skill:${config.skillId}`, ...(config.teamId ? [`group:${config.teamId}`] : [])],
      payload: { what: "config.deleted", skillId: config.skillId, scope: config.scope, teamId: config.teamId },
    });
    return true;
  });
}

async function requireConfig(tx: Tx, tenantId: string, id: string, field: string): Promise<SkillConfigRow> {
  const config = await tx.skillConfig.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!config) throw notFound("Skill config", id, field);
  return config;
}
