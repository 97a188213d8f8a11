// Catalog rules: creating, editing (the draft), deploying (immutable versions),
// lifecycle and soft delete. Errors raised here:
//   NOT_FOUND      the skill is not in this tenant
//   CONFLICT       the id is taken; nothing to deploy; the version exists; the skill is deleted
//   FORBIDDEN      the skill is locked (store listings)
//   BAD_USER_INPUT invalid id, version, metadata, content or lifecycle move
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, forbidden, notFound } from "../core/errors.js";
import type { CreateSkillInput, SkillFilter, UpdateSkillInput } from "./inputs.js";
import { SkillLifecycle } from "../core/enums.js";
import { findPage, lazy, pageByKey, type ConnectionArgs, type Order } from "../core/paging.js";
import { hotReads } from "../db/hot-reads.js";
import { checkContent, checkMetadata, type SkillContentData } from "../catalog/content.js";
import { checkKey, idFromName } from "../catalog/keys.js";
import { bumpPatch, compareSemver, isSemver } from "../catalog/manifest.js";
import {
  DRAFT_KEY,
  contentOf,
  insertSkill,
  searchTextOf,
  uniqueSlug,
  writeVersion,
  type SkillRow,
} from "../catalog/store.js";
import type { Tx } from "../db/client.js";
import { runChange, type ChangeScope } from "./governance.js";
import { carryDraftHints, requireManager } from "./skill-access.service.js";
import { publishForUsers, runEntitlementChange } from "./entitlement-change.js";
import { rescanSkill } from "./scanning.service.js";

export interface SkillResult {
  skill: SkillRow;
  warnings: string[];
}

const byId: Order<SkillRow> = [{ field: "id", dir: "asc", kind: "string" }];


export async function requireSkill(tx: Tx, tenantId: string, id: string, field = "id"): Promise<SkillRow> {
  const skill = await tx.skill.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!skill) throw notFound("Skill", id, field);
  return skill;
}

export function skillWhere(tenantId: string, filter: SkillFilter | null | undefined): Record<string, unknown> {
  const f = filter ?? {};
  const lifecycles = f.lifecycle?.length ? f.lifecycle : Object.values(SkillLifecycle).filter((l) => l !== "DELETED");
  return {
    tenantId,
    lifecycle: { in: lifecycles },
    ...(f.category != null ? { category: f.category } : {}),
    ...(f.source?.length ? { source: { in: f.source } } : {}),
    ...(f.repositoryId != null ? { repositoryId: f.repositoryId } : {}),
    ...(f.publisher != null ? { publisher: f.publisher } : {}),
    ...(f.search?.trim() ? { searchText: { contains: f.search.trim().toLowerCase() } } : {}),
  };
}

/** No filter, or one that keeps every live skill: the page every catalog view opens with. */
function keepsEveryLiveSkill(f: SkillFilter | null | undefined): boolean {
  return !f || (!f.lifecycle?.length && f.category == null && !f.source?.length && f.repositoryId == null && f.publisher == null && !f.search?.trim());
}

export async function listSkills(ctx: Context, filter: SkillFilter | null | undefined, args: ConnectionArgs) {
  const prisma = ctx.app.db.prisma;
  if (keepsEveryLiveSkill(filter)) {
    // A prepared statement on the driver (db/hot-reads.ts) instead of a compiled findMany: same rows, same order.
    const hot = hotReads(ctx.app.db, ctx.tenantId);
    return pageByKey(args, byId, (cursor, backward, take) => hot.skillPage<SkillRow>(cursor, backward, take), (row) => row, lazy(() => prisma.skill.count({ where: skillWhere(ctx.tenantId, null) })));
  }
  return findPage({
    args,
    order: byId,
    where: skillWhere(ctx.tenantId, filter),
    findMany: (q) => prisma.skill.findMany(q),
    count: (q) => prisma.skill.count(q),
    toNode: (row) => row,
  });
}


export async function skillCategories(ctx: Context): Promise<string[]> {
  const rows = await ctx.app.db.prisma.skill.findMany({
    where: { tenantId: ctx.tenantId, category: { not: null }, lifecycle: { not: "DELETED" } },
    distinct: ["category"],
    select: { category: true },
    orderBy: { category: "asc" },
  });
  return rows.map((r) => r.category!);
}

function checkVersion(version: string, field: string): string {
  if (!isSemver(version)) throw badInput(`"${version}" is not a semantic version (e.g. 1.4.2)`, field);
  return version;
}

export async function createSkill(ctx: Context, input: CreateSkillInput): Promise<SkillResult> {
  const name = input.name.trim();
  if (!name) throw badInput("name must not be empty", "input.name");
  const id = checkKey(input.id ?? idFromName(name), input.id ? "input.id" : "input.name");
  const version = checkVersion(input.version ?? "1.0.0", "input.version");
  const content = checkContent({
    instructions: input.instructions,
    references: (input.references ?? []).map((r) => ({ filename: r.filename, content: r.content })),
    scripts: input.scripts ?? [],
  });
  const metadata = checkMetadata(input.metadata ?? {}, "input.metadata");
  return runChange(ctx, async ({ tx, emit }) => {
    if (await tx.skill.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } })) {
      throw conflict(`Skill "${id}" already exists`, input.id ? "input.id" : "input.name");
    }
    const skill = await insertSkill(tx, ctx.tenantId, {
      id,
      name,
      description: input.description,
      category: input.category,
      source: "CUSTOM",
      toolIds: input.toolIds ?? [],
      metadata,
      version,
      content,
      deployed: false,
      createdBy: ctx.principal.subject,
    });
    await emit({ kind: "skill.created", subjects: [`skill:${id}`], payload: { source: "CUSTOM", version } });
    return { skill, warnings: [] };
  });
}

function editable(skill: SkillRow): void {
  if (skill.locked) throw forbidden(`Skill "${skill.id}" is locked (a store listing); it can be assigned, not edited`);
  if (skill.lifecycle === "DELETED") throw conflict(`Skill "${skill.id}" is deleted`, "id");
}

export async function updateSkill(ctx: Context, input: UpdateSkillInput): Promise<SkillResult> {
  const metadata = input.metadata != null ? checkMetadata(input.metadata, "input.metadata") : undefined;
  if (input.name != null && !input.name.trim()) throw badInput("name must not be empty", "input.name");
  return runChange(ctx, async ({ tx, emit }) => {
    const skill = await requireSkill(tx, ctx.tenantId, input.id, "input.id");
    editable(skill);
    await requireManager(ctx, tx, skill);
    const changed: string[] = [];
    const editsContent = input.instructions != null || input.references != null || input.scripts != null;
    let hasDraftChanges = skill.hasDraftChanges;
    if (editsContent) {
      const versions = await tx.skillVersion.findMany({
        where: { tenantId: ctx.tenantId, skillId: skill.id, key: { in: [DRAFT_KEY, skill.currentVersion ?? DRAFT_KEY] } },
      });
      const draft = versions.find((v) => v.key === DRAFT_KEY);
      const current = versions.find((v) => v.key === skill.currentVersion);
      const base = (draft ?? current)!;
      const next: SkillContentData = checkContent({
        instructions: input.instructions ?? base.instructions,
        references: input.references?.map((r) => ({ filename: r.filename, content: r.content })) ?? contentOf(base).references,
        scripts: input.scripts ?? contentOf(base).scripts,
      });
      const version = draft?.version ?? bumpPatch(skill.currentVersion ?? "1.0.0");
      const written = await writeVersion(tx, ctx.tenantId, skill.id, DRAFT_KEY, version, next, ctx.principal.subject);
      hasDraftChanges = !current || written.contentHash !== current.contentHash;
      for (const k of ["instructions", "references", "scripts"] as const) if (input[k] != null) changed.push(k);
    }
    const name = input.name?.trim();
    for (const k of ["name", "description", "category", "toolIds", "metadata"] as const) if (input[k] != null) changed.push(k);
    const next = { id: skill.id, name: name ?? skill.name, description: input.description ?? skill.description };
    const updated = await tx.skill.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: skill.id } },
      data: {
        name: next.name,
        slug: name && name !== skill.name ? await uniqueSlug(tx, ctx.tenantId, name, skill.id) : undefined,
        description: next.description,
        category: input.category ?? undefined,
        toolIds: input.toolIds ?? undefined,
        metadata,
        hasDraftChanges,
        searchText: searchTextOf(next),
      },
    });
    await emit({ kind: "skill.updated", subjects: [`skill:${skill.id}`], payload: { changed } });
    return { skill: updated, warnings: [] };
  });
}

/**
 * Catalog changes that can alter who sees the skill (deploys, lifecycle moves,
 * deletes) run through the entitlement engine over the whole tenant, restricted
 * to this skill: users whose picker changes are counted, skill.entitlement_changed
 * is recorded and publish jobs are queued, all in the same transaction.
 */
async function changeSkill(ctx: Context, id: string, work: (scope: ChangeScope) => Promise<SkillResult>): Promise<SkillResult> {
  const { value } = await runEntitlementChange(ctx, false, {
    users: { kind: "tenant" },
    skills: [id],
    apply: async (scope) => ({ value: await work(scope) }),
    publish: publishForUsers,
    subjects: [`skill:${id}`],
  });
  return value;
}

export async function deploySkill(ctx: Context, id: string, version: string | null | undefined): Promise<SkillResult> {
  if (version != null) checkVersion(version, "version");
  return changeSkill(ctx, id, async ({ tx, emit }) => {
    const skill = await requireSkill(tx, ctx.tenantId, id);
    editable(skill);
    await requireManager(ctx, tx, skill);
    const draft = await tx.skillVersion.findUnique({
      where: { tenantId_skillId_key: { tenantId: ctx.tenantId, skillId: id, key: DRAFT_KEY } },
    });
    if (!draft || !skill.hasDraftChanges) throw conflict(`Skill "${id}" has no draft changes to deploy`, "id");
    const target = version ?? (skill.currentVersion && compareSemver(draft.version, skill.currentVersion) <= 0
      ? bumpPatch(skill.currentVersion)
      : draft.version);
    if (skill.currentVersion && compareSemver(target, skill.currentVersion) <= 0) {
      throw badInput(`version ${target} must be greater than the current version ${skill.currentVersion}`, "version");
    }
    if (await tx.skillVersion.findUnique({ where: { tenantId_skillId_key: { tenantId: ctx.tenantId, skillId: id, key: target } } })) {
      throw conflict(`Version ${target} of "${id}" already exists`, "version");
    }
    await writeVersion(tx, ctx.tenantId, id, target, target, contentOf(draft), ctx.principal.subject);
    await carryDraftHints(tx, ctx.tenantId, id, draft, target);
    await tx.skillVersion.delete({ where: { tenantId_skillId_key: { tenantId: ctx.tenantId, skillId: id, key: DRAFT_KEY } } });
    await tx.skill.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id } },
      data: { currentVersion: target, lifecycle: "ACTIVE", hasDraftChanges: false, scanStatus: "NOT_SCANNED" },
    });
    await emit({
      kind: "skill.deployed",
      subjects: [`skill:${id}`],
      payload: { version: target, previousVersion: skill.currentVersion, previousLifecycle: skill.lifecycle },
    });
    // Deploying a new version rescans it (skill.quarantined when it becomes FLAGGED under BLOCK).
    const scan = await rescanSkill({ tx, emit }, ctx.tenantId, { id, scanStatus: skill.scanStatus }, contentOf(draft));
    const warnings = scan.findings.length ? [`Scan flagged version ${target}: ${scan.findings.map((f) => f.rule).join(", ")}`] : [];
    return { skill: scan.skill, warnings };
  });
}

export async function setSkillLifecycle(ctx: Context, id: string, lifecycle: SkillLifecycle): Promise<SkillResult> {
  if (lifecycle === SkillLifecycle.DELETED) return deleteSkill(ctx, id);
  return changeSkill(ctx, id, async ({ tx, emit }) => {
    const skill = await requireSkill(tx, ctx.tenantId, id);
    await requireManager(ctx, tx, skill);
    const warnings: string[] = [];
    if (skill.lifecycle === lifecycle) return { skill, warnings: [`Skill "${id}" is already ${lifecycle}`] };
    if (lifecycle === SkillLifecycle.DRAFT && skill.currentVersion) {
      throw badInput(`Skill "${id}" has been deployed; it cannot return to DRAFT (archive or deprecate it)`, "lifecycle");
    }
    if ((lifecycle === SkillLifecycle.ACTIVE || lifecycle === SkillLifecycle.DEPRECATED) && !skill.currentVersion) {
      throw badInput(`Skill "${id}" has never been deployed; deploy it first`, "lifecycle");
    }
    if (skill.lifecycle === "DELETED") warnings.push(`Skill "${id}" was restored from DELETED; its former assignments are not`);
    const updated = await tx.skill.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id } },
      data: { lifecycle, deletedAt: null },
    });
    await emit({
      kind: "skill.lifecycle_changed",
      subjects: [`skill:${id}`],
      payload: { from: skill.lifecycle, to: lifecycle },
    });
    return { skill: updated, warnings };
  });
}

export async function deleteSkill(ctx: Context, id: string): Promise<SkillResult> {
  return changeSkill(ctx, id, async ({ tx, emit }) => {
    const skill = await requireSkill(tx, ctx.tenantId, id);
    await requireManager(ctx, tx, skill);
    if (skill.lifecycle === "DELETED") return { skill, warnings: [`Skill "${id}" was already deleted`] };
    const assignments = await tx.agentSkillAssignment.findMany({
      where: { tenantId: ctx.tenantId, skillId: id },
      select: { agentId: true },
      orderBy: { agentId: "asc" },
    });
    await tx.agentSkillAssignment.deleteMany({ where: { tenantId: ctx.tenantId, skillId: id } });
    const updated = await tx.skill.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id } },
      data: { lifecycle: "DELETED", deletedAt: new Date() },
    });
    await emit({
      kind: "skill.lifecycle_changed",
      subjects: [`skill:${id}`, ...assignments.map((a) => `agent:${a.agentId}`)],
      payload: { from: skill.lifecycle, to: "DELETED", removedAssignments: assignments.map((a) => a.agentId) },
    });
    return { skill: updated, warnings: [] };
  });
}
