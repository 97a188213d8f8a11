// Repositories: folder trees or git repositories of SKILL.md manifests, and the
// sync that turns them into catalog entries. Errors raised here:
//   NOT_FOUND      the repository is not in this tenant
//   CONFLICT       the repository id is taken
//   BAD_USER_INPUT invalid id or name; a location the policy refuses (one generic
//                  message whether the folder is missing, foreign or unreadable);
//                  a clone that failed (generic); a repository past the walk bounds
// A manifest that cannot be used (invalid, or its id taken by another catalog
// entry) is reported in the sync result's errors; the rest still syncs.
import type { RequestContext as Context } from "../core/context.js";
import { badInput, conflict, notFound } from "../core/errors.js";
import type { CreateRepositoryInput } from "./inputs.js";
import { pageInMemory, type ConnectionArgs, type Order } from "../core/paging.js";
import { contentHash } from "../catalog/content.js";
import { checkKey, idFromName } from "../catalog/keys.js";
import { bumpPatch, compareSemver, isSemver } from "../catalog/manifest.js";
import { DRAFT_KEY, insertSkill, searchTextOf, writeVersion, type SkillRow } from "../catalog/store.js";
import { checkLocation, readRepository, type DiscoveredManifest } from "../catalog/repository-reader.js";
import type { Tx } from "../db/client.js";
import { runChange, type ChangeScope, type EventDraft } from "./governance.js";
import { publishForUsers, runEntitlementChange } from "./entitlement-change.js";

export type RepositoryRow = Awaited<ReturnType<Tx["repository"]["findUniqueOrThrow"]>>;

export interface RepositorySyncResult {
  repository: RepositoryRow;
  discovered: SkillRow[];
  updated: SkillRow[];
  pruned: string[];
  errors: string[];
}

export const byId: Order<SkillRow> = [{ field: "id", dir: "asc", kind: "string" }];
/** Sources a sync owns: DISCOVERED ones come and go with their manifest, MANUAL ones stay. */
const SYNCED_SOURCES = new Set(["DISCOVERED", "MANUAL"]);




export async function createRepository(ctx: Context, input: CreateRepositoryInput): Promise<RepositoryRow> {
  const name = input.name.trim();
  if (!name) throw badInput("name must not be empty", "input.name");
  const idField = input.id != null ? "input.id" : "input.name";
  const id = checkKey(input.id ?? idFromName(name), idField);
  const location = input.location.trim();
  await checkLocation(location, { tenantId: ctx.tenantId, repositories: ctx.app.config.repositories }, "input.location");
  return runChange(ctx, async ({ tx, emit }) => {
    if (await tx.repository.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } })) {
      throw conflict(`Repository "${id}" already exists`, idField);
    }
    const repository = await tx.repository.create({ data: { tenantId: ctx.tenantId, id, name, location } });
    await emit({
      kind: "directory.changed",
      subjects: [`repository:${id}`],
      payload: { what: "repository.created", repositoryId: id, location },
    });
    return repository;
  });
}

/**
 * Reads the repository (outside the transaction: a clone can take minutes),
 * then applies the manifests in one transaction: new ones are DISCOVERED
 * skills, changed ones get a new immutable version, DISCOVERED skills whose
 * manifest disappeared are soft-deleted.
 */
export async function syncRepository(ctx: Context, id: string): Promise<RepositorySyncResult> {
  const found = await ctx.app.db.prisma.repository.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
  if (!found) throw notFound("Repository", id, "id");
  const read = await readRepository(found.location, "id", { tenantId: ctx.tenantId, repositories: ctx.app.config.repositories });

  // The skills a sync can touch: the repository's own and every id its manifests name.
  const touched = async (tx: Tx): Promise<string[]> => {
    const own = await tx.skill.findMany({ where: { tenantId: ctx.tenantId, repositoryId: id }, select: { id: true } });
    return [...new Set([...own.map((s) => s.id), ...read.manifests.map((m) => m.manifest.name)])];
  };
  // A pruned skill or a new version changes what users see: the sync goes through the
  // entitlement engine like every other change (event, stored answer, publish jobs).
  const { value } = await runEntitlementChange(ctx, false, {
    users: { kind: "tenant" },
    skills: touched,
    publish: publishForUsers,
    trigger: "repository_sync",
    subjects: [`repository:${id}`],
    apply: async (scope) => ({ value: await applySync(ctx, scope, id, read) }),
  });
  return value;
}

async function applySync(
  ctx: Context,
  { tx, emit }: ChangeScope,
  id: string,
  read: Awaited<ReturnType<typeof readRepository>>,
): Promise<RepositorySyncResult> {
  {
    const tenantId = ctx.tenantId;
    const now = new Date();
    // Updating the row first locks it: concurrent syncs of one repository run one after the other.
    // Only "no such row" is NOT_FOUND; any other database failure is the server's and surfaces as such.
    const repository = await tx.repository.findUnique({ where: { tenantId_id: { tenantId, id } } });
    if (!repository) throw notFound("Repository", id, "id");
    await tx.repository.update({ where: { tenantId_id: { tenantId, id } }, data: { lastSyncedAt: now } });
    repository.lastSyncedAt = now;

    const errors = [...read.errors];
    const manifests: DiscoveredManifest[] = [];
    const seen = new Map<string, string>();
    for (const m of read.manifests) {
      const first = seen.get(m.manifest.name);
      if (first) {
        errors.push(`${m.path}: skill id "${m.manifest.name}" is already used by ${first}`);
        continue;
      }
      seen.set(m.manifest.name, m.path);
      manifests.push(m);
    }

    const existing = await tx.skill.findMany({
      where: { tenantId, OR: [{ id: { in: manifests.map((m) => m.manifest.name) } }, { repositoryId: id }] },
    });
    const byIdMap = new Map(existing.map((s) => [s.id, s]));
    const versions = await tx.skillVersion.findMany({
      where: { tenantId, skillId: { in: existing.filter((s) => s.repositoryId === id).map((s) => s.id) }, isDraft: false },
      select: { skillId: true, key: true, contentHash: true },
    });

    const discovered: SkillRow[] = [];
    const updated: SkillRow[] = [];
    const events: EventDraft[] = [];
    for (const m of manifests) {
      const skillId = m.manifest.name;
      const skill = byIdMap.get(skillId);
      const meta = { name: m.manifest.name, description: m.manifest.description, path: m.path };
      if (!skill) {
        const version = m.manifest.version ?? "1.0.0";
        discovered.push(
          await insertSkill(tx, tenantId, {
            id: skillId,
            ...meta,
            source: "DISCOVERED",
            repositoryId: id,
            version,
            content: m.content,
            deployed: true,
            createdBy: ctx.principal.subject,
          }),
        );
        events.push({
          kind: "skill.created",
          subjects: [`skill:${skillId}`],
          payload: { source: "DISCOVERED", version, repositoryId: id, path: m.path },
        });
        continue;
      }
      if (skill.repositoryId !== id || !SYNCED_SOURCES.has(skill.source)) {
        errors.push(`${m.path}: skill id "${skillId}" is already used by another catalog entry`);
        continue;
      }
      const own = versions.filter((v) => v.skillId === skillId);
      const target = targetVersion(own, skill.currentVersion, m.manifest.version, contentHash(m.content));
      const restored = skill.lifecycle === "DELETED";
      const changed: string[] = [];
      if (target.version !== skill.currentVersion) changed.push("version");
      if (target.write) changed.push("content");
      for (const k of ["name", "description", "path"] as const) if (skill[k] !== meta[k]) changed.push(k);
      if (!changed.length && !restored) continue;

      if (target.write) await writeVersion(tx, tenantId, skillId, target.version, target.version, m.content, ctx.principal.subject);
      const newVersion = target.version !== skill.currentVersion;
      const row = await tx.skill.update({
        where: { tenantId_id: { tenantId, id: skillId } },
        data: {
          ...meta,
          searchText: searchTextOf({ id: skillId, ...meta }),
          currentVersion: target.version,
          ...(newVersion ? { scanStatus: "NOT_SCANNED" } : {}),
          ...(restored || skill.lifecycle === "DRAFT" ? { lifecycle: "ACTIVE", deletedAt: null } : {}),
        },
      });
      if (restored) {
        discovered.push(row);
        events.push({
          kind: "skill.created",
          subjects: [`skill:${skillId}`],
          payload: { source: skill.source, version: target.version, repositoryId: id, path: m.path, restored: true },
        });
      } else {
        updated.push(row);
        events.push({
          kind: "skill.updated",
          subjects: [`skill:${skillId}`],
          payload: { changed, version: target.version, previousVersion: skill.currentVersion, repositoryId: id },
        });
      }
    }

    // A manifest that is present but unreadable keeps its skill: only a vanished manifest prunes.
    const present = new Set(manifests.map((m) => m.manifest.name));
    const failedPaths = new Set(read.failedPaths);
    const pruned = existing
      .filter((s) => s.repositoryId === id && s.source === "DISCOVERED" && s.lifecycle !== "DELETED")
      .filter((s) => !present.has(s.id) && !(s.path && failedPaths.has(s.path)))
      .map((s) => s.id);
    if (pruned.length) {
      const assignments = await tx.agentSkillAssignment.findMany({
        where: { tenantId, skillId: { in: pruned } },
        select: { agentId: true, skillId: true },
        orderBy: { agentId: "asc" },
      });
      await tx.agentSkillAssignment.deleteMany({ where: { tenantId, skillId: { in: pruned } } });
      await tx.skill.updateMany({ where: { tenantId, id: { in: pruned } }, data: { lifecycle: "DELETED", deletedAt: now } });
      for (const skillId of pruned) {
        const agents = assignments.filter((a) => a.skillId === skillId).map((a) => a.agentId);
        const from = byIdMap.get(skillId)!.lifecycle;
        events.push({
          kind: "skill.lifecycle_changed",
          subjects: [`skill:${skillId}`, ...agents.map((a) => `agent:${a}`)],
          payload: { from, to: "DELETED", removedAssignments: agents, reason: "repository.pruned", repositoryId: id },
        });
      }
    }

    for (const e of events) await emit(e);
    await emit({
      kind: "repository.synced",
      subjects: [`repository:${id}`],
      payload: {
        discovered: discovered.map((s) => s.id),
        updated: updated.map((s) => s.id),
        pruned,
        errors: errors.length,
        counts: {
          manifests: read.manifests.length + read.failedPaths.length,
          discovered: discovered.length,
          updated: updated.length,
          pruned: pruned.length,
          errors: errors.length,
        },
      },
    });
    return { repository, discovered, updated, pruned, errors };
  }
}

/**
 * The version a changed manifest deploys. Versions are immutable: an existing
 * key is reused only when it holds the same content; otherwise the manifest's
 * version (or the current one) is taken when free, else the patch after the
 * highest existing version.
 */
function targetVersion(
  existing: { key: string; contentHash: string }[],
  current: string | null,
  declared: string | null,
  hash: string,
): { version: string; write: boolean } {
  const keys = new Map(existing.filter((v) => v.key !== DRAFT_KEY && isSemver(v.key)).map((v) => [v.key, v.contentHash]));
  const wanted = declared ?? current ?? "1.0.0";
  const held = keys.get(wanted);
  if (held === hash) return { version: wanted, write: false };
  if (held === undefined) return { version: wanted, write: true };
  let next = bumpPatch([...keys.keys()].sort(compareSemver).at(-1)!);
  while (keys.has(next)) next = bumpPatch(next);
  return { version: next, write: true };
}
