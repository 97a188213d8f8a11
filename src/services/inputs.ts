// Plain inputs of the services. The GraphQL input classes in api/types/inputs.types.ts
// have the same shape (and the contract's descriptions); other edges build these directly.
import type { AgentStatus, ConfigScope, CoworkMergeMode, PublishJobStatus, PublishScope, SkillLifecycle, SkillSource } from "../core/enums.js";

export interface SkillFilter {
  category?: string | null;
  lifecycle?: SkillLifecycle[] | null;
  source?: SkillSource[] | null;
  repositoryId?: string | null;
  publisher?: string | null;
  search?: string | null;
}

export interface DistributionPlatformInput {
  id: string;
  name: string;
  enabled?: boolean | null;
  delivery: string;
  target: string;
  secret?: string | null;
}

export interface PublishJobFilter {
  status?: PublishJobStatus[] | null;
  platformId?: string | null;
  scope?: PublishScope | null;
  scopeId?: string | null;
}

export interface GovernanceEventFilter {
  kinds?: string[] | null;
  subject?: string | null;
  since?: Date | null;
}

export interface ReferenceFileInput {
  filename: string;
  content: string;
}

export interface CreateSkillInput {
  id?: string | null;
  name: string;
  description?: string | null;
  category?: string | null;
  instructions: string;
  references?: ReferenceFileInput[] | null;
  scripts?: string[] | null;
  toolIds?: string[] | null;
  metadata?: Record<string, unknown> | null;
  version?: string | null;
}

export interface UpdateSkillInput {
  id: string;
  name?: string | null;
  description?: string | null;
  category?: string | null;
  instructions?: string | null;
  references?: ReferenceFileInput[] | null;
  scripts?: string[] | null;
  toolIds?: string[] | null;
  metadata?: Record<string, unknown> | null;
}

export interface CreateSkillConfigInput {
  skillId: string;
  scope: ConfigScope;
  teamId?: string | null;
  enabled?: boolean | null;
  pinnedVersion?: string | null;
  settings?: Record<string, unknown> | null;
}

export interface UpdateSkillConfigInput {
  id: string;
  enabled?: boolean | null;
  pinnedVersion?: string | null;
  settings?: Record<string, unknown> | null;
}

export interface CreateRepositoryInput {
  id?: string | null;
  name: string;
  location: string;
}

export interface AssignSkillInput {
  skillId: string;
  agentId: string;
  priority?: number | null;
  config?: Record<string, unknown> | null;
}

export interface UpdateAssignmentInput {
  skillId: string;
  agentId: string;
  enabled?: boolean | null;
  priority?: number | null;
  config?: Record<string, unknown> | null;
}

export interface CreateAgentInput {
  id?: string | null;
  name: string;
}

export interface UpdateAgentInput {
  id: string;
  name?: string | null;
  status?: AgentStatus | null;
  description?: string | null;
}

export interface UpsertUserInput {
  id: string;
  email: string;
  displayName?: string | null;
  archetypeId?: string | null;
  groupIds?: string[] | null;
  roleIds?: string[] | null;
}

export interface CreateGroupInput {
  id: string;
  name: string;
}

export interface CreateArchetypeInput {
  id: string;
  name: string;
  skillIds?: string[] | null;
}

export interface CreateRoleInput {
  id: string;
  name: string;
  description?: string | null;
}

export interface RoleSkillInput {
  skillId: string;
  repositoryId?: string | null;
}

export interface CoworkSkillInput {
  skillId: string;
  skillVersion?: string | null;
}

export interface CreateCoworkInput {
  id: string;
  name: string;
  skills: CoworkSkillInput[];
}

export interface ApplyCoworkInput {
  coworkId: string;
  scopeArchetypes: string[];
  mergeMode: CoworkMergeMode;
  pilotGroupId?: string | null;
}

export interface GrantSkillInput {
  userId: string;
  skillId: string;
  reason: string;
  expiresAt?: Date | null;
}

export interface RepublishInput {
  scope: PublishScope;
  scopeId?: string | null;
  platforms?: string[] | null;
}
