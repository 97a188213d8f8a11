// The engine behind every mutation that changes who sees what. In one
// transaction it resolves the affected users' effective skills before and
// after the write (set-based: one load for all users, restricted to the skills
// the change can touch), records the specific event and skill.entitlement_changed,
// and queues publish jobs. A dry run does the same and rolls back.
import type { RequestContext as Context } from "../core/context.js";
import { diffEffectiveSets, resolveEntitlements } from "../entitlements/resolve.js";
import type { Tx } from "../db/client.js";
import { enqueuePublishJobs, type PublishJobRow, type PublishTarget } from "../jobs/enqueue.js";
import { estimatePublishLag } from "../jobs/estimate.js";
import { runChange, type ChangeScope, type EventDraft, type EventRow } from "./governance.js";
import { loadWorld, type SkillScope, type UserScope, type World } from "./entitlement-data.js";
import { storeChange } from "./stored-entitlements.js";

export interface EntitlementChange {
  dryRun: boolean;
  added: string[];
  removed: string[];
  affectedUsers: number;
  publishJobs: PublishJobRow[];
  publishLagEstimateSeconds: number;
  event: EventRow | null;
  warnings: string[];
}

export interface ApplyResult<T> {
  value: T;
  /** List-level additions and removals (e.g. archetype skills); omitted: the union of effective changes. */
  added?: string[];
  removed?: string[];
  warnings?: string[];
  /** The specific event (skill.grant_created, cowork.applied, …); omitted when the write changed nothing. */
  event?: EventDraft | null;
  /** Set when apply recorded its own events (through scope.emit): the change is not empty. */
  recorded?: boolean;
}

export interface ChangeSpec<T> {
  /** Users whose effective skills the write may change (evaluated before and after). */
  users: UserScope | ((tx: Tx) => Promise<UserScope>);
  /** Skills the write may change; null for all. */
  skills: SkillScope | ((tx: Tx) => Promise<SkillScope>);
  apply(scope: ChangeScope): Promise<ApplyResult<T>>;
  /** Where the new entitlements must be published when some user's set changed. */
  publish: (changedUsers: string[]) => PublishTarget[];
  trigger?: string;
  subjects: string[];
  /** The instant the answers are computed at (default: now). */
  now?: Date;
  /**
   * Adjusts the "before" world, for changes whose cause has already taken effect
   * in every answer (an expired grant stops granting at expiresAt, before the
   * sweeper records it): the baseline is what the platforms were last told.
   */
  baseline?: (before: World) => void;
  /** Extra facts for the skill.entitlement_changed payload (e.g. its cause). */
  payload?: Record<string, unknown>;
}

/** Above this many changed users, one tenant-wide publish beats one job per user. */
const USER_SCOPED_PUBLISH_LIMIT = 20;

export function publishForUsers(changedUsers: string[]): PublishTarget[] {
  return changedUsers.length > USER_SCOPED_PUBLISH_LIMIT
    ? [{ scope: "TENANT", scopeId: null }]
    : changedUsers.map((id) => ({ scope: "USER" as const, scopeId: id }));
}

/** One user's effective skills as "id" and as "id@version" (a new version changes what users load). */
function effectiveSetsOf(world: World, userId: string) {
  const input = world.users.get(userId);
  const effective = input ? resolveEntitlements(input, world.skills, world.now).effective : [];
  return { ids: new Set(effective.map((e) => e.skillId)), versions: new Set(effective.map((e) => `${e.skillId}@${e.skillVersion}`)) };
}

/**
 * What the change did, user by user: skill ids gained and lost (diffEffectiveSets
 * of each user alone), and the users whose ids or versions moved. One user is
 * resolved at a time, so a 10,000-user change never holds every user's effective
 * set before and after at once (that was most of its memory).
 */
function diffWorlds(before: World, after: World) {
  const added = new Map<string, string[]>();
  const removed = new Map<string, string[]>();
  const changedUsers: string[] = [];
  const visit = (userId: string) => {
    const [b, a] = [effectiveSetsOf(before, userId), effectiveSetsOf(after, userId)];
    const ids = diffEffectiveSets(new Map([[userId, b.ids]]), new Map([[userId, a.ids]]));
    if (ids.changedUsers.length) {
      added.set(userId, ids.added.get(userId)!);
      removed.set(userId, ids.removed.get(userId)!);
    }
    if (diffEffectiveSets(new Map([[userId, b.versions]]), new Map([[userId, a.versions]])).changedUsers.length) changedUsers.push(userId);
  };
  for (const userId of before.users.keys()) visit(userId);
  for (const userId of after.users.keys()) if (!before.users.has(userId)) visit(userId);
  const byUser = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  // In user order, as diffEffectiveSets gives them: payloads list users and their groups in that order.
  const sorted = <V,>(m: Map<string, V>) => new Map([...m].sort((x, y) => byUser(x[0], y[0])));
  return { added: sorted(added), removed: sorted(removed), changedUsers: changedUsers.sort(byUser) };
}

/** Groups users with the same diff, so an archetype change to 10,000 users stays a small payload. */
function diffGroups(diff: { changedUsers: string[]; added: Map<string, string[]>; removed: Map<string, string[]> }): { added: string[]; removed: string[]; users: string[] }[] {
  const groups = new Map<string, { added: string[]; removed: string[]; users: string[] }>();
  for (const userId of diff.changedUsers) {
    const added = diff.added.get(userId) ?? [];
    const removed = diff.removed.get(userId) ?? [];
    const key = JSON.stringify([added, removed]);
    const g = groups.get(key) ?? { added, removed, users: [] };
    g.users.push(userId);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export async function runEntitlementChange<T>(
  ctx: Context,
  dryRun: boolean,
  spec: ChangeSpec<T>,
): Promise<{ value: T; change: EntitlementChange }> {
  return runChange(
    ctx,
    async (scope) => {
      const { tx, emit } = scope;
      const users = typeof spec.users === "function" ? await spec.users(tx) : spec.users;
      const skills = typeof spec.skills === "function" ? await spec.skills(tx) : spec.skills;
      // The world before is data read before apply: resolving it can wait until the world after is read.
      const beforeWorld = await loadWorld(tx, ctx.tenantId, users, skills, spec.now);
      spec.baseline?.(beforeWorld);
      const applied = await spec.apply(scope);
      const afterWorld = await loadWorld(tx, ctx.tenantId, users, skills, spec.now);
      await storeChange(tx, ctx.tenantId, beforeWorld, afterWorld, skills);
      // Users whose sets are equal but whose versions moved changed too: they load other content.
      const diff = diffWorlds(beforeWorld, afterWorld);
      const unionOf = (m: Map<string, string[]>) => [...new Set([...m.values()].flat())].sort();
      const added = applied.added ?? unionOf(diff.added);
      const removed = applied.removed ?? unionOf(diff.removed);
      const changed = diff.changedUsers.length > 0 || added.length > 0 || removed.length > 0 || Boolean(applied.event) || Boolean(applied.recorded);
      let event: EventRow | null = null;
      let publishJobs: PublishJobRow[] = [];
      if (changed) {
        if (applied.event) await emit(applied.event);
        event = await emit({
          kind: "skill.entitlement_changed",
          subjects: [...spec.subjects, ...diff.changedUsers.slice(0, 100).map((u) => `user:${u}`)],
          payload: { added, removed, affectedUsers: diff.changedUsers.length, changes: diffGroups(diff), ...spec.payload },
        });
        // Nobody's set moved: nothing to deliver, unless apply recorded a change platforms must hear of.
        const targets = diff.changedUsers.length || applied.recorded ? spec.publish(diff.changedUsers) : [];
        if (targets.length) {
          publishJobs = await enqueuePublishJobs(tx, ctx.tenantId, targets, spec.trigger ?? "entitlement_change", {
            seq: event.seq,
            at: event.occurredAt,
          });
          for (const job of publishJobs) scope.announce({ type: "job", tenantId: ctx.tenantId, job });
          scope.announce({ type: "jobs-queued" });
        }
      }
      return {
        value: applied.value,
        change: {
          dryRun,
          added,
          removed,
          affectedUsers: diff.changedUsers.length,
          publishJobs: dryRun ? [] : publishJobs,
          publishLagEstimateSeconds: await estimatePublishLag(tx, ctx.tenantId, publishJobs),
          event: dryRun ? null : event,
          warnings: applied.warnings ?? [],
        },
      };
    },
    { dryRun },
  );
}
