// The catalog's rules about a skill that several use cases share, each in one
// place: whether it may be handed out (granted, put on a directory list,
// assigned, approved in a request) and whether the quarantine holds it.
import { notFound, notGrantable } from "../core/errors.js";
import type { Tx } from "../db/client.js";

/** DRAFT (never deployed), ARCHIVED and DELETED skills cannot be handed out. */
export const NOT_GRANTABLE: ReadonlySet<string> = new Set(["DRAFT", "ARCHIVED", "DELETED"]);

/**
 * Missing (or another tenant's) is NOT_FOUND; DRAFT, ARCHIVED and DELETED are
 * SKILL_NOT_GRANTABLE; DEPRECATED passes with a warning, returned.
 */
export function grantableSkill(
  skill: { id: string; lifecycle: string } | null | undefined,
  id: string,
  field: string,
  verb = "granted",
): string[] {
  if (!skill) throw notFound("Skill", id, field);
  if (NOT_GRANTABLE.has(skill.lifecycle)) {
    throw notGrantable(`Skill "${skill.id}" is ${skill.lifecycle} and cannot be ${verb}`, field);
  }
  return skill.lifecycle === "DEPRECATED" ? [`Skill "${skill.id}" is DEPRECATED; consider a successor`] : [];
}

/** A FLAGGED skill is held out of every effective set and every content read only under BLOCK. */
export function isQuarantined(scanStatus: string, quarantineMode: string | null | undefined): boolean {
  return scanStatus === "FLAGGED" && quarantineMode === "BLOCK";
}

/**
 * Why a grant (or an assignment) will not take effect although it was written:
 * a group of the user blocks the skill (blocks beat grants), or the quarantine
 * holds it. Warned in the payload so a dry run says so too.
 */
export async function heldBackWarnings(
  tx: Tx,
  tenantId: string,
  skill: { id: string; scanStatus: string },
  userId: string | null,
): Promise<string[]> {
  const warnings: string[] = [];
  if (userId !== null) {
    const blocking = await tx.groupBlock.findMany({ where: { tenantId, skillId: skill.id }, select: { groupId: true } });
    const blocks = blocking.length
      ? await tx.groupMember.findMany({
          where: { tenantId, userId, groupId: { in: blocking.map((b) => b.groupId) } },
          select: { groupId: true },
          orderBy: { groupId: "asc" },
        })
      : [];
    if (blocks.length) {
      const groups = blocks.map((b) => `group:${b.groupId}`).join(", ");
      warnings.push(`Skill "${skill.id}" stays out of "${userId}"'s picker: blocked by ${groups} (blocks beat grants)`);
    }
  }
  const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { quarantineMode: true } });
  if (isQuarantined(skill.scanStatus, tenant?.quarantineMode)) {
    warnings.push(`Skill "${skill.id}" is quarantined (FLAGGED under BLOCK): it takes no effect until it passes a scan`);
  }
  return warnings;
}
