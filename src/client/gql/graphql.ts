/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AgentStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'PAUSED';

export type ApplyCoworkInput = {
  coworkId: string;
  mergeMode: CoworkMergeMode;
  pilotGroupId?: string | null | undefined;
  scopeArchetypes: Array<string>;
};

export type ArchetypeSkillOrigin =
  /** Put there by a Cowork apply. */
  | 'COWORK'
  /** Added by an archetype edit. */
  | 'MANUAL';

export type AssignSkillInput = {
  agentId: string;
  config?: Record<string, unknown> | null | undefined;
  priority?: number | null | undefined;
  skillId: string;
};

export type CoworkMergeMode =
  /** Give the Cowork's skills only to members of pilotGroupId (as that group's augment). */
  | 'ADDITIVE_ONLY_FOR_PILOT_GROUP'
  /** Add the Cowork's skills to the existing list; remove nothing. */
  | 'MERGE'
  /** Overwrite the archetype's skill list with the Cowork's. */
  | 'REPLACE_ARCHETYPE_DEFAULT';

export type EntitlementSourceKind =
  | 'ARCHETYPE'
  | 'GROUP'
  | 'ROLE'
  | 'USER_GRANT';

export type GovernanceEventFilter = {
  kinds?: Array<string> | null | undefined;
  since?: string | null | undefined;
  /** Only events whose subjects include this, e.g. user:user:marco.mazzolin@dainese.it. */
  subject?: string | null | undefined;
};

export type GrantSkillInput = {
  /** Strongly advised; must lie in the future. */
  expiresAt?: string | null | undefined;
  reason: string;
  skillId: string;
  userId: string;
};

export type PublishJobFilter = {
  platformId?: string | null | undefined;
  scope?: PublishScope | null | undefined;
  scopeId?: string | null | undefined;
  status?: Array<PublishJobStatus> | null | undefined;
};

export type PublishJobStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type PublishScope =
  | 'ARCHETYPE'
  | 'GROUP'
  | 'TENANT'
  | 'USER';

export type RepublishInput = {
  /** Platform ids; all enabled platforms when omitted. */
  platforms?: Array<string> | null | undefined;
  scope: PublishScope;
  scopeId?: string | null | undefined;
};

/**
 * Lifecycle of a catalog entry.
 * DRAFT: never deployed; cannot be granted or assigned (SKILL_NOT_GRANTABLE).
 * ACTIVE: deployed and grantable.
 * DEPRECATED: still effective where already granted; granting or assigning it again
 * succeeds with a warning in the payload.
 * ARCHIVED: kept for history, not effective anywhere, cannot be granted.
 * DELETED: soft-deleted (deletedAt set); hidden from lists unless asked for.
 */
export type SkillLifecycle =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'DELETED'
  | 'DEPRECATED'
  | 'DRAFT';

export type PublishJobFieldsFragment = { id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } };

export type ChangeFieldsFragment = { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> };

export type SourceFieldsFragment = { kind: EntitlementSourceKind, label: string, grantedAt: string, grant: { id: string, expiresAt: string | null } | null };

export type SdkViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type SdkViewerQuery = { viewer: { subject: string, tenantId: string, scopes: Array<string> } };

export type SdkUserSkillFoldersQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type SdkUserSkillFoldersQuery = { user: { effectiveSkills: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ skillVersion: string, skill: { id: string, name: string, description: string | null, versions: Array<{ version: string, isDraft: boolean, instructions: string, scripts: Array<string>, references: Array<{ filename: string, content: string }> }> } }> } } | null };

export type SdkUserSkillsQueryVariables = Exact<{
  id: string;
}>;


export type SdkUserSkillsQuery = { user: { id: string, email: string, displayName: string | null, archetype: { id: string, name: string } | null, groups: Array<{ id: string, name: string }>, roles: Array<{ id: string, name: string }>, grants: Array<{ id: string, reason: string, active: boolean, grantedAt: string, expiresAt: string | null, revokedAt: string | null, skill: { id: string } }>, effectiveSkills: { totalCount: number, nodes: Array<{ skillVersion: string, source: string, deprecated: boolean, skill: { id: string, name: string }, sources: Array<{ kind: EntitlementSourceKind, label: string, grantedAt: string, grant: { id: string, expiresAt: string | null } | null }> }> }, blockedSkills: Array<{ blockedBy: string, overridesGrant: boolean, skill: { id: string } }> } | null };

export type SdkExplainSkillQueryVariables = Exact<{
  userId: string;
  skillId: string;
}>;


export type SdkExplainSkillQuery = { user: { id: string, explainSkill: { effective: boolean, reasons: Array<string>, skill: { id: string, name: string, lifecycle: SkillLifecycle, quarantined: boolean, currentVersion: string | null }, sources: Array<{ kind: EntitlementSourceKind, label: string, grantedAt: string, grant: { id: string, expiresAt: string | null } | null }>, blockedBy: Array<{ id: string, name: string }> } } | null };

export type SdkSkillEntitledUsersQueryVariables = Exact<{
  skillId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkSkillEntitledUsersQuery = { skill: { id: string, entitledUsers: { totalCount: number, nodes: Array<{ id: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type SdkSkillQueryVariables = Exact<{
  id: string;
}>;


export type SdkSkillQuery = { skill: { id: string, name: string, lifecycle: SkillLifecycle, currentVersion: string | null, quarantined: boolean, locked: boolean } | null };

export type SdkArchetypeQueryVariables = Exact<{
  id: string;
}>;


export type SdkArchetypeQuery = { archetype: { id: string, name: string, userCount: number, skills: Array<{ skillVersion: string, origin: ArchetypeSkillOrigin, skill: { id: string } }> } | null };

export type SdkAgentQueryVariables = Exact<{
  id: string;
}>;


export type SdkAgentQuery = { agent: { id: string, name: string, status: AgentStatus, skills: { nodes: Array<{ enabled: boolean, priority: number, skill: { id: string } }> } } | null };

export type SdkPublishJobQueryVariables = Exact<{
  id: string;
}>;


export type SdkPublishJobQuery = { publishJob: { id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } } | null };

export type SdkPublishJobsQueryVariables = Exact<{
  filter?: PublishJobFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type SdkPublishJobsQuery = { publishJobs: { totalCount: number, nodes: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } };

export type SdkGovernanceEventsPageQueryVariables = Exact<{
  filter?: GovernanceEventFilter | null | undefined;
  last?: number | null | undefined;
}>;


export type SdkGovernanceEventsPageQuery = { governanceEvents: { nodes: Array<{ id: string, kind: string, actor: string, subjects: Array<string>, payload: Record<string, unknown>, occurredAt: string }> } };

export type SdkDirectoryIdsQueryVariables = Exact<{ [key: string]: never; }>;


export type SdkDirectoryIdsQuery = { archetypes: Array<{ id: string }>, coworks: Array<{ id: string }>, groups: { nodes: Array<{ id: string }> }, agents: { nodes: Array<{ id: string }> }, skills: { nodes: Array<{ id: string }> }, distributionPlatforms: Array<{ id: string }> };

export type SdkUserExistsQueryVariables = Exact<{
  id: string;
}>;


export type SdkUserExistsQuery = { user: { id: string } | null };

export type SdkUserSearchQueryVariables = Exact<{
  search: string;
}>;


export type SdkUserSearchQuery = { users: { nodes: Array<{ id: string }> } };

export type SdkGrantSkillMutationVariables = Exact<{
  input: GrantSkillInput;
  dryRun?: boolean | null | undefined;
}>;


export type SdkGrantSkillMutation = { grantSkillToUser: { grant: { id: string, reason: string, expiresAt: string | null, active: boolean, user: { id: string }, skill: { id: string } }, change: { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } } };

export type SdkRevokeGrantMutationVariables = Exact<{
  grantId: string;
  dryRun?: boolean | null | undefined;
}>;


export type SdkRevokeGrantMutation = { revokeUserGrant: { grant: { id: string, active: boolean, revokedAt: string | null, user: { id: string }, skill: { id: string } }, change: { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } } };

export type SdkBlockSkillsMutationVariables = Exact<{
  groupId: string;
  skillIds: Array<string> | string;
  dryRun?: boolean | null | undefined;
}>;


export type SdkBlockSkillsMutation = { blockSkillsForGroup: { group: { id: string, blocks: Array<{ id: string }> }, change: { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } } };

export type SdkUnblockSkillsMutationVariables = Exact<{
  groupId: string;
  skillIds: Array<string> | string;
  dryRun?: boolean | null | undefined;
}>;


export type SdkUnblockSkillsMutation = { unblockSkillsForGroup: { group: { id: string, blocks: Array<{ id: string }> }, change: { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } } };

export type SdkAddAugmentMutationVariables = Exact<{
  groupId: string;
  skillIds: Array<string> | string;
  dryRun?: boolean | null | undefined;
}>;


export type SdkAddAugmentMutation = { addGroupAugment: { group: { id: string, augments: Array<{ id: string }> }, change: { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } } };

export type SdkRemoveAugmentMutationVariables = Exact<{
  groupId: string;
  skillIds: Array<string> | string;
  dryRun?: boolean | null | undefined;
}>;


export type SdkRemoveAugmentMutation = { removeGroupAugment: { group: { id: string, augments: Array<{ id: string }> }, change: { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } } };

export type SdkUpdateArchetypeSkillsMutationVariables = Exact<{
  archetypeId: string;
  addSkills?: Array<string> | string | null | undefined;
  removeSkills?: Array<string> | string | null | undefined;
  dryRun?: boolean | null | undefined;
}>;


export type SdkUpdateArchetypeSkillsMutation = { updateArchetypeSkills: { archetype: { id: string, skills: Array<{ skillVersion: string, skill: { id: string } }> }, change: { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } } };

export type SdkApplyCoworkMutationVariables = Exact<{
  input: ApplyCoworkInput;
  dryRun?: boolean | null | undefined;
}>;


export type SdkApplyCoworkMutation = { applyCowork: { archetypes: Array<{ id: string }>, change: { dryRun: boolean, added: Array<string>, removed: Array<string>, affectedUsers: number, publishLagEstimateSeconds: number, warnings: Array<string>, event: { id: string, kind: string } | null, publishJobs: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> } } };

export type SdkAssignSkillMutationVariables = Exact<{
  input: AssignSkillInput;
}>;


export type SdkAssignSkillMutation = { assignSkill: { warnings: Array<string>, assignment: { id: string, skillVersion: string, enabled: boolean, priority: number, assignedAt: string, agent: { id: string }, skill: { id: string } } } };

export type SdkRepublishMutationVariables = Exact<{
  input: RepublishInput;
}>;


export type SdkRepublishMutation = { republish: Array<{ id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } }> };

export type SdkPublishJobUpdatedSubscriptionVariables = Exact<{
  jobId?: string | null | undefined;
  platformId?: string | null | undefined;
}>;


export type SdkPublishJobUpdatedSubscription = { publishJobUpdated: { id: string, status: PublishJobStatus, scope: PublishScope, scopeId: string | null, trigger: string, usersTotal: number, usersPublished: number, attempts: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, lagSeconds: number | null, platform: { id: string, name: string } } };

export type SdkGovernanceEventsSubscriptionVariables = Exact<{
  kinds?: Array<string> | string | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkGovernanceEventsSubscription = { governanceEvents: { id: string, kind: string, actor: string, subjects: Array<string>, payload: Record<string, unknown>, occurredAt: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PublishJobFieldsFragmentDoc = new TypedDocumentString(`
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
    `, {"fragmentName":"PublishJobFields"}) as unknown as TypedDocumentString<PublishJobFieldsFragment, unknown>;
export const ChangeFieldsFragmentDoc = new TypedDocumentString(`
    fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}`, {"fragmentName":"ChangeFields"}) as unknown as TypedDocumentString<ChangeFieldsFragment, unknown>;
export const SourceFieldsFragmentDoc = new TypedDocumentString(`
    fragment SourceFields on EntitlementSource {
  kind
  label
  grantedAt
  grant {
    id
    expiresAt
  }
}
    `, {"fragmentName":"SourceFields"}) as unknown as TypedDocumentString<SourceFieldsFragment, unknown>;
export const SdkViewerDocument = new TypedDocumentString(`
    query SdkViewer {
  viewer {
    subject
    tenantId
    scopes
  }
}
    `) as unknown as TypedDocumentString<SdkViewerQuery, SdkViewerQueryVariables>;
export const SdkUserSkillFoldersDocument = new TypedDocumentString(`
    query SdkUserSkillFolders($id: ID!, $after: String) {
  user(id: $id) {
    effectiveSkills(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        skillVersion
        skill {
          id
          name
          description
          versions {
            version
            isDraft
            instructions
            references {
              filename
              content
            }
            scripts
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SdkUserSkillFoldersQuery, SdkUserSkillFoldersQueryVariables>;
export const SdkUserSkillsDocument = new TypedDocumentString(`
    query SdkUserSkills($id: ID!) {
  user(id: $id) {
    id
    email
    displayName
    archetype {
      id
      name
    }
    groups {
      id
      name
    }
    roles {
      id
      name
    }
    grants {
      id
      skill {
        id
      }
      reason
      active
      grantedAt
      expiresAt
      revokedAt
    }
    effectiveSkills(first: 100) {
      totalCount
      nodes {
        skill {
          id
          name
        }
        skillVersion
        source
        deprecated
        sources {
          ...SourceFields
        }
      }
    }
    blockedSkills {
      skill {
        id
      }
      blockedBy
      overridesGrant
    }
  }
}
    fragment SourceFields on EntitlementSource {
  kind
  label
  grantedAt
  grant {
    id
    expiresAt
  }
}`) as unknown as TypedDocumentString<SdkUserSkillsQuery, SdkUserSkillsQueryVariables>;
export const SdkExplainSkillDocument = new TypedDocumentString(`
    query SdkExplainSkill($userId: ID!, $skillId: ID!) {
  user(id: $userId) {
    id
    explainSkill(skillId: $skillId) {
      effective
      reasons
      skill {
        id
        name
        lifecycle
        quarantined
        currentVersion
      }
      sources {
        ...SourceFields
      }
      blockedBy {
        id
        name
      }
    }
  }
}
    fragment SourceFields on EntitlementSource {
  kind
  label
  grantedAt
  grant {
    id
    expiresAt
  }
}`) as unknown as TypedDocumentString<SdkExplainSkillQuery, SdkExplainSkillQueryVariables>;
export const SdkSkillEntitledUsersDocument = new TypedDocumentString(`
    query SdkSkillEntitledUsers($skillId: ID!, $first: Int, $after: String) {
  skill(id: $skillId) {
    id
    entitledUsers(first: $first, after: $after) {
      totalCount
      nodes {
        id
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SdkSkillEntitledUsersQuery, SdkSkillEntitledUsersQueryVariables>;
export const SdkSkillDocument = new TypedDocumentString(`
    query SdkSkill($id: ID!) {
  skill(id: $id) {
    id
    name
    lifecycle
    currentVersion
    quarantined
    locked
  }
}
    `) as unknown as TypedDocumentString<SdkSkillQuery, SdkSkillQueryVariables>;
export const SdkArchetypeDocument = new TypedDocumentString(`
    query SdkArchetype($id: ID!) {
  archetype(id: $id) {
    id
    name
    userCount
    skills {
      skill {
        id
      }
      skillVersion
      origin
    }
  }
}
    `) as unknown as TypedDocumentString<SdkArchetypeQuery, SdkArchetypeQueryVariables>;
export const SdkAgentDocument = new TypedDocumentString(`
    query SdkAgent($id: ID!) {
  agent(id: $id) {
    id
    name
    status
    skills(first: 100) {
      nodes {
        skill {
          id
        }
        enabled
        priority
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SdkAgentQuery, SdkAgentQueryVariables>;
export const SdkPublishJobDocument = new TypedDocumentString(`
    query SdkPublishJob($id: ID!) {
  publishJob(id: $id) {
    ...PublishJobFields
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}`) as unknown as TypedDocumentString<SdkPublishJobQuery, SdkPublishJobQueryVariables>;
export const SdkPublishJobsDocument = new TypedDocumentString(`
    query SdkPublishJobs($filter: PublishJobFilter, $first: Int) {
  publishJobs(filter: $filter, first: $first) {
    totalCount
    nodes {
      ...PublishJobFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}`) as unknown as TypedDocumentString<SdkPublishJobsQuery, SdkPublishJobsQueryVariables>;
export const SdkGovernanceEventsPageDocument = new TypedDocumentString(`
    query SdkGovernanceEventsPage($filter: GovernanceEventFilter, $last: Int) {
  governanceEvents(filter: $filter, last: $last) {
    nodes {
      id
      kind
      actor
      subjects
      payload
      occurredAt
    }
  }
}
    `) as unknown as TypedDocumentString<SdkGovernanceEventsPageQuery, SdkGovernanceEventsPageQueryVariables>;
export const SdkDirectoryIdsDocument = new TypedDocumentString(`
    query SdkDirectoryIds {
  archetypes {
    id
  }
  coworks {
    id
  }
  groups(first: 100) {
    nodes {
      id
    }
  }
  agents(first: 100) {
    nodes {
      id
    }
  }
  skills(first: 100) {
    nodes {
      id
    }
  }
  distributionPlatforms {
    id
  }
}
    `) as unknown as TypedDocumentString<SdkDirectoryIdsQuery, SdkDirectoryIdsQueryVariables>;
export const SdkUserExistsDocument = new TypedDocumentString(`
    query SdkUserExists($id: ID!) {
  user(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<SdkUserExistsQuery, SdkUserExistsQueryVariables>;
export const SdkUserSearchDocument = new TypedDocumentString(`
    query SdkUserSearch($search: String!) {
  users(search: $search, first: 5) {
    nodes {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SdkUserSearchQuery, SdkUserSearchQueryVariables>;
export const SdkGrantSkillDocument = new TypedDocumentString(`
    mutation SdkGrantSkill($input: GrantSkillInput!, $dryRun: Boolean) {
  grantSkillToUser(input: $input, dryRun: $dryRun) {
    grant {
      id
      user {
        id
      }
      skill {
        id
      }
      reason
      expiresAt
      active
    }
    change {
      ...ChangeFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}`) as unknown as TypedDocumentString<SdkGrantSkillMutation, SdkGrantSkillMutationVariables>;
export const SdkRevokeGrantDocument = new TypedDocumentString(`
    mutation SdkRevokeGrant($grantId: ID!, $dryRun: Boolean) {
  revokeUserGrant(grantId: $grantId, dryRun: $dryRun) {
    grant {
      id
      user {
        id
      }
      skill {
        id
      }
      active
      revokedAt
    }
    change {
      ...ChangeFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}`) as unknown as TypedDocumentString<SdkRevokeGrantMutation, SdkRevokeGrantMutationVariables>;
export const SdkBlockSkillsDocument = new TypedDocumentString(`
    mutation SdkBlockSkills($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {
  blockSkillsForGroup(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {
    group {
      id
      blocks {
        id
      }
    }
    change {
      ...ChangeFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}`) as unknown as TypedDocumentString<SdkBlockSkillsMutation, SdkBlockSkillsMutationVariables>;
export const SdkUnblockSkillsDocument = new TypedDocumentString(`
    mutation SdkUnblockSkills($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {
  unblockSkillsForGroup(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {
    group {
      id
      blocks {
        id
      }
    }
    change {
      ...ChangeFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}`) as unknown as TypedDocumentString<SdkUnblockSkillsMutation, SdkUnblockSkillsMutationVariables>;
export const SdkAddAugmentDocument = new TypedDocumentString(`
    mutation SdkAddAugment($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {
  addGroupAugment(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {
    group {
      id
      augments {
        id
      }
    }
    change {
      ...ChangeFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}`) as unknown as TypedDocumentString<SdkAddAugmentMutation, SdkAddAugmentMutationVariables>;
export const SdkRemoveAugmentDocument = new TypedDocumentString(`
    mutation SdkRemoveAugment($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {
  removeGroupAugment(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {
    group {
      id
      augments {
        id
      }
    }
    change {
      ...ChangeFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}`) as unknown as TypedDocumentString<SdkRemoveAugmentMutation, SdkRemoveAugmentMutationVariables>;
export const SdkUpdateArchetypeSkillsDocument = new TypedDocumentString(`
    mutation SdkUpdateArchetypeSkills($archetypeId: ID!, $addSkills: [ID!], $removeSkills: [ID!], $dryRun: Boolean) {
  updateArchetypeSkills(
    archetypeId: $archetypeId
    addSkills: $addSkills
    removeSkills: $removeSkills
    dryRun: $dryRun
  ) {
    archetype {
      id
      skills {
        skill {
          id
        }
        skillVersion
      }
    }
    change {
      ...ChangeFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}`) as unknown as TypedDocumentString<SdkUpdateArchetypeSkillsMutation, SdkUpdateArchetypeSkillsMutationVariables>;
export const SdkApplyCoworkDocument = new TypedDocumentString(`
    mutation SdkApplyCowork($input: ApplyCoworkInput!, $dryRun: Boolean) {
  applyCowork(input: $input, dryRun: $dryRun) {
    archetypes {
      id
    }
    change {
      ...ChangeFields
    }
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}
fragment ChangeFields on EntitlementChangePayload {
  dryRun
  added
  removed
  affectedUsers
  publishLagEstimateSeconds
  warnings
  event {
    id
    kind
  }
  publishJobs {
    ...PublishJobFields
  }
}`) as unknown as TypedDocumentString<SdkApplyCoworkMutation, SdkApplyCoworkMutationVariables>;
export const SdkAssignSkillDocument = new TypedDocumentString(`
    mutation SdkAssignSkill($input: AssignSkillInput!) {
  assignSkill(input: $input) {
    assignment {
      id
      agent {
        id
      }
      skill {
        id
      }
      skillVersion
      enabled
      priority
      assignedAt
    }
    warnings
  }
}
    `) as unknown as TypedDocumentString<SdkAssignSkillMutation, SdkAssignSkillMutationVariables>;
export const SdkRepublishDocument = new TypedDocumentString(`
    mutation SdkRepublish($input: RepublishInput!) {
  republish(input: $input) {
    ...PublishJobFields
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}`) as unknown as TypedDocumentString<SdkRepublishMutation, SdkRepublishMutationVariables>;
export const SdkPublishJobUpdatedDocument = new TypedDocumentString(`
    subscription SdkPublishJobUpdated($jobId: ID, $platformId: ID) {
  publishJobUpdated(jobId: $jobId, platformId: $platformId) {
    ...PublishJobFields
  }
}
    fragment PublishJobFields on PublishJob {
  id
  status
  scope
  scopeId
  trigger
  usersTotal
  usersPublished
  attempts
  error
  createdAt
  startedAt
  finishedAt
  lagSeconds
  platform {
    id
    name
  }
}`) as unknown as TypedDocumentString<SdkPublishJobUpdatedSubscription, SdkPublishJobUpdatedSubscriptionVariables>;
export const SdkGovernanceEventsDocument = new TypedDocumentString(`
    subscription SdkGovernanceEvents($kinds: [String!], $after: ID) {
  governanceEvents(kinds: $kinds, after: $after) {
    id
    kind
    actor
    subjects
    payload
    occurredAt
  }
}
    `) as unknown as TypedDocumentString<SdkGovernanceEventsSubscription, SdkGovernanceEventsSubscriptionVariables>;