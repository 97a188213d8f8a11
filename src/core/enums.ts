// The domain's enumerations: plain TypeScript, shared by the services and every
// edge. The GraphQL edge registers them (api/types/*.types.ts) with their
// contract descriptions.

export enum AgentStatus {
  ACTIVE = "ACTIVE",
  PAUSED = "PAUSED",
  ARCHIVED = "ARCHIVED",
}

export enum SkillRequestStatus {
  PENDING = "PENDING",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
}

export enum SkillSource {
  CUSTOM = "CUSTOM",
  STORE = "STORE",
  DISCOVERED = "DISCOVERED",
  MANUAL = "MANUAL",
  TEMPLATE = "TEMPLATE",
}

export enum SkillLifecycle {
  DRAFT = "DRAFT",
  ACTIVE = "ACTIVE",
  DEPRECATED = "DEPRECATED",
  ARCHIVED = "ARCHIVED",
  DELETED = "DELETED",
}

export enum ScanStatus {
  NOT_SCANNED = "NOT_SCANNED",
  CLEAN = "CLEAN",
  FLAGGED = "FLAGGED",
}

export enum ConfigScope {
  GLOBAL = "GLOBAL",
  TEAM = "TEAM",
}

export enum ArchetypeSkillOrigin {
  COWORK = "COWORK",
  MANUAL = "MANUAL",
}

export enum EntitlementSourceKind {
  ARCHETYPE = "ARCHETYPE",
  GROUP = "GROUP",
  ROLE = "ROLE",
  USER_GRANT = "USER_GRANT",
}

export enum PublishScope {
  TENANT = "TENANT",
  ARCHETYPE = "ARCHETYPE",
  GROUP = "GROUP",
  USER = "USER",
}

export enum PublishJobStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
  CANCELLED = "CANCELLED",
}

export enum QuarantineMode {
  OFF = "OFF",
  WARN = "WARN",
  BLOCK = "BLOCK",
}

export enum CoworkMergeMode {
  REPLACE_ARCHETYPE_DEFAULT = "REPLACE_ARCHETYPE_DEFAULT",
  MERGE = "MERGE",
  ADDITIVE_ONLY_FOR_PILOT_GROUP = "ADDITIVE_ONLY_FOR_PILOT_GROUP",
}
