// Content scans and the quarantine policy. A scan reads a skill's deployed
// version (its draft if it was never deployed), records a ScanJob with its
// findings and sets the skill's scanStatus. Under BLOCK a FLAGGED skill leaves
// every effective set, so scans and policy changes run through the entitlement
// engine: affected users, skill.entitlement_changed and publish jobs come with
// them. A skill that newly becomes FLAGGED under BLOCK records skill.quarantined.
// Errors raised here:
//   NOT_FOUND  a skill to scan is not in this tenant
import { generateId } from "../core/ids.js";
import type { RequestContext as Context } from "../core/context.js";
import { QuarantineMode } from "../core/enums.js";
import { DRAFT_KEY, contentOf, type SkillRow } from "../catalog/store.js";
import type { SkillContentData } from "../catalog/content.js";
import type { Tx } from "../db/client.js";
import { scanSkillContent, type ScanFinding } from "../scanning/rules.js";
import { runEntitlementChange } from "./entitlement-change.js";
import type { UserScope } from "./entitlement-data.js";
import { requireSkills } from "./entitlements.service.js";
import type { ChangeScope, EventDraft } from "./governance.js";

export type ScanJobRow = Awaited<ReturnType<Tx["scanJob"]["findUniqueOrThrow"]>>;
/** What a scan needs of the caller's change: its transaction and its event log. */
export type EventScope = Pick<ChangeScope, "tx" | "emit">;
export type ScanFindingRow = Awaited<ReturnType<Tx["scanFinding"]["findUniqueOrThrow"]>>;

export interface QuarantinePolicyData {
  mode: QuarantineMode;
  updatedAt: Date;
}

function newScanJobId(): string {
  return generateId("scan");
}

async function quarantineModeOf(tx: Tx, tenantId: string): Promise<string> {
  return (await tx.tenant.findUnique({ where: { id: tenantId }, select: { quarantineMode: true } }))?.quarantineMode ?? "WARN";
}

// ───────────── policy ─────────────

export async function getQuarantinePolicy(ctx: Context): Promise<QuarantinePolicyData> {
  const tenant = await ctx.app.db.prisma.tenant.findUnique({ where: { id: ctx.tenantId } });
  return {
    mode: (tenant?.quarantineMode ?? QuarantineMode.WARN) as QuarantineMode,
    updatedAt: tenant?.quarantineUpdatedAt ?? new Date(0),
  };
}

/** Only FLAGGED skills are held by the policy, so only they (and, if any, all users) are in scope. */
export async function setQuarantinePolicy(ctx: Context, mode: QuarantineMode): Promise<QuarantinePolicyData> {
  const tenantId = ctx.tenantId;
  let flaggedRead: Promise<string[]> | undefined;
  const flagged = (tx: Tx) =>
    (flaggedRead ??= tx.skill
      .findMany({ where: { tenantId, scanStatus: "FLAGGED" }, select: { id: true }, orderBy: { id: "asc" } })
      .then((rows) => rows.map((r) => r.id)));
  const { value } = await runEntitlementChange(ctx, false, {
    users: async (tx): Promise<UserScope> => ((await flagged(tx)).length ? { kind: "tenant" } : { kind: "users", ids: [] }),
    skills: flagged,
    subjects: [`tenant:${tenantId}`],
    publish: () => [{ scope: "TENANT", scopeId: null }],
    async apply({ tx }) {
      const before = await tx.tenant.findUnique({ where: { id: tenantId } });
      const previous = before?.quarantineMode ?? QuarantineMode.WARN;
      if (before && previous === mode) {
        return { value: { mode, updatedAt: before.quarantineUpdatedAt } };
      }
      const now = new Date();
      const tenant = await tx.tenant.upsert({
        where: { id: tenantId },
        create: { id: tenantId, quarantineMode: mode, quarantineUpdatedAt: now },
        update: { quarantineMode: mode, quarantineUpdatedAt: now },
      });
      const held = await flagged(tx);
      const event: EventDraft | null =
        mode === QuarantineMode.BLOCK && held.length
          ? {
              kind: "skill.quarantined",
              subjects: held.map((id) => `skill:${id}`),
              payload: { reason: "policy", mode, previousMode: previous, skills: held },
            }
          : null;
      return { value: { mode, updatedAt: tenant.quarantineUpdatedAt }, event };
    },
  });
  return value;
}

// ───────────── scans ─────────────

interface ScanTarget {
  skill: Pick<SkillRow, "id" | "scanStatus">;
  content: SkillContentData;
}

interface ScanOutcome {
  skillId: string;
  previous: string;
  status: "CLEAN" | "FLAGGED";
  findings: ScanFinding[];
}

/**
 * Scans the targets and records the job, its findings and each skill's new
 * scanStatus; under BLOCK, a skill newly FLAGGED records skill.quarantined.
 */
async function recordScan(
  { tx, emit }: EventScope,
  tenantId: string,
  targets: ScanTarget[],
  startedAt: Date,
  jobId = newScanJobId(),
): Promise<{ job: ScanJobRow; outcomes: ScanOutcome[] }> {
  const outcomes: ScanOutcome[] = targets.map(({ skill, content }) => {
    const findings = scanSkillContent(content);
    return { skillId: skill.id, previous: skill.scanStatus, status: findings.length ? "FLAGGED" : "CLEAN", findings };
  });
  const job = await tx.scanJob.create({
    data: {
      tenantId,
      id: jobId,
      status: "SUCCEEDED",
      skillIds: outcomes.map((o) => o.skillId),
      skillsScanned: outcomes.length,
      createdAt: startedAt,
      finishedAt: new Date(),
    },
  });
  // Ids sort in report order: by skill, then as the scanner ordered its findings.
  let n = 0;
  const rows = outcomes.flatMap((o) =>
    o.findings.map((f) => ({ tenantId, id: `${jobId}:${String(n++).padStart(7, "0")}`, scanJobId: jobId, skillId: o.skillId, rule: f.rule, detail: f.detail })),
  );
  for (let i = 0; i < rows.length; i += 500) await tx.scanFinding.createMany({ data: rows.slice(i, i + 500) });
  for (const status of ["CLEAN", "FLAGGED"] as const) {
    const ids = outcomes.filter((o) => o.status === status && o.previous !== status).map((o) => o.skillId);
    if (ids.length) await tx.skill.updateMany({ where: { tenantId, id: { in: ids } }, data: { scanStatus: status } });
  }
  const newlyFlagged = outcomes.filter((o) => o.status === "FLAGGED" && o.previous !== "FLAGGED");
  if (newlyFlagged.length && (await quarantineModeOf(tx, tenantId)) === QuarantineMode.BLOCK) {
    for (const o of newlyFlagged) {
      await emit({
        kind: "skill.quarantined",
        subjects: [`skill:${o.skillId}`],
        payload: { reason: "scan", scanJobId: jobId, findings: o.findings.map((f) => ({ rule: f.rule, detail: f.detail })) },
      });
    }
  }
  return { job, outcomes };
}

/** The content a scan reads: the deployed version, or the draft of a never-deployed skill. */
async function contentsToScan(tx: Tx, tenantId: string, skills: SkillRow[]): Promise<ScanTarget[]> {
  if (skills.length === 0) return [];
  const keyOf = (s: SkillRow) => s.currentVersion ?? DRAFT_KEY;
  const versions = await tx.skillVersion.findMany({
    where: {
      tenantId,
      key: { in: [...new Set(skills.map(keyOf))] },
      ...(skills.length <= 500 ? { skillId: { in: skills.map((s) => s.id) } } : {}),
    },
  });
  const byKey = new Map(versions.map((v) => [`${v.skillId}\n${v.key}`, v]));
  return skills.flatMap((skill) => {
    const v = byKey.get(`${skill.id}\n${keyOf(skill)}`);
    return v ? [{ skill, content: contentOf(v) }] : [];
  });
}

/** Scans the given skills (all non-deleted ones when omitted), synchronously: the scanner is pure and fast. */
export async function startScan(ctx: Context, skillIds: readonly string[] | null | undefined): Promise<ScanJobRow> {
  const tenantId = ctx.tenantId;
  const startedAt = new Date();
  const jobId = newScanJobId();
  let toScan: Promise<SkillRow[]> | undefined;
  const load = (tx: Tx) =>
    (toScan ??= skillIds
      ? requireSkills(tx, tenantId, skillIds, "skillIds").then((r) => r.map((s) => s.skill))
      : tx.skill.findMany({ where: { tenantId, lifecycle: { not: "DELETED" } }, orderBy: { id: "asc" } }));
  const { value } = await runEntitlementChange(ctx, false, {
    // Outside BLOCK a scan result changes nobody's effective skills.
    users: async (tx): Promise<UserScope> =>
      (await quarantineModeOf(tx, tenantId)) === QuarantineMode.BLOCK ? { kind: "tenant" } : { kind: "users", ids: [] },
    skills: async (tx) => (await load(tx)).map((s) => s.id),
    subjects: [`scan:${jobId}`],
    publish: () => [{ scope: "TENANT", scopeId: null }],
    async apply(scope) {
      const skills = [...(await load(scope.tx))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const { job } = await recordScan(scope, tenantId, await contentsToScan(scope.tx, tenantId, skills), startedAt, jobId);
      return { value: job };
    },
  });
  return value;
}

/**
 * Rescans one skill's new content inside the caller's transaction (deploying a
 * new version rescans it) and returns the skill row with its new scanStatus.
 */
export async function rescanSkill(
  scope: EventScope,
  tenantId: string,
  skill: Pick<SkillRow, "id" | "scanStatus">,
  content: SkillContentData,
): Promise<{ skill: SkillRow; findings: ScanFinding[]; scanJobId: string }> {
  const { job, outcomes } = await recordScan(scope, tenantId, [{ skill, content }], new Date());
  const updated = await scope.tx.skill.update({
    where: { tenantId_id: { tenantId, id: skill.id } },
    data: { scanStatus: outcomes[0].status },
  });
  return { skill: updated, findings: outcomes[0].findings, scanJobId: job.id };
}

export async function getScanJob(ctx: Context, id: string): Promise<ScanJobRow | null> {
  return ctx.app.db.prisma.scanJob.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
}
