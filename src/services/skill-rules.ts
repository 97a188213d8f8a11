// The catalog's rules about a skill that several use cases share, each in one
// place: whether it may be handed out (granted, put on a directory list,
// assigned, approved in a request) and whether the quarantine holds it.
import { notFound, notGrantable } from "../core/errors.js";

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
