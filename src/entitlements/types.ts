// Plain-data shapes of the entitlement resolution. No Prisma rows here: the service
// layer loads what it needs and converts once, so resolution stays a pure function.

export type SourceKind = "ARCHETYPE" | "GROUP" | "ROLE" | "USER_GRANT";

/** Why a skill is not effective, in the order explainSkill reports them. */
export type NotEffectiveReason = "NO_SOURCE" | "BLOCKED" | "LIFECYCLE" | "QUARANTINED";

export interface SkillFacts {
  id: string;
  /** DRAFT, ACTIVE, DEPRECATED, ARCHIVED or DELETED. */
  lifecycle: string;
  currentVersion: string | null;
  /** True when the quarantine policy holds the skill out of every effective set. */
  quarantined: boolean;
}

export interface UserEntitlementInput {
  archetype: {
    id: string;
    skills: { skillId: string; pinnedVersion: string | null; grantedAt: Date }[];
  } | null;
  groups: { id: string; augments: { skillId: string; grantedAt: Date }[]; blocks: string[] }[];
  roles: { id: string; skills: { skillId: string; repositoryId: string | null; grantedAt: Date }[] }[];
  grants: { id: string; skillId: string; grantedAt: Date; expiresAt: Date | null; revokedAt: Date | null }[];
}

export interface SourceRef {
  kind: SourceKind;
  /** archetype:<id>, group:<id>, role:<id> or user_grant. */
  label: string;
  /** The archetype, group, role or grant id. */
  id: string;
  /** For ROLE sources: the repository the skill was resolved from; null otherwise. */
  repositoryId: string | null;
  grantedAt: Date;
}

export interface EffectiveEntry {
  skillId: string;
  /** The archetype's pinned version if it pins one, else the skill's currentVersion ("" if it has none). */
  skillVersion: string;
  /** Label of the first source. */
  source: string;
  /** Every granting source: ARCHETYPE, GROUP, ROLE, USER_GRANT, then by source id. */
  sources: SourceRef[];
  /** Earliest grantedAt among the sources. */
  grantedAt: Date;
  deprecated: boolean;
}

export interface BlockedEntry {
  skillId: string;
  /** group:<id> of the first blocking group by id. */
  blockedBy: string;
  /** Every blocking group id, sorted. */
  groupIds: string[];
  /** True when some active source would grant the skill if no block held it. */
  overridesGrant: boolean;
}

export interface Explanation {
  skillId: string;
  effective: boolean;
  /** Every granting source, blocked or not, in source order. */
  sources: SourceRef[];
  /** Ids of the user's groups that block the skill, sorted. */
  blockedBy: string[];
  /** Empty when effective; otherwise each that applies, in NotEffectiveReason order. */
  reasons: NotEffectiveReason[];
}

export interface ResolvedEntitlements {
  effective: EffectiveEntry[];
  blocked: BlockedEntry[];
}
