// The SDK's operations against the public API. graphql-codegen reads the
// graphql() calls below and writes their typed documents to ./gql/ (npm run
// codegen); the client sends them as plain strings.
import { graphql } from "./gql/index.js";

graphql(`
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
`);

graphql(`
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
`);

graphql(`
  fragment SourceFields on EntitlementSource {
    kind
    label
    grantedAt
    grant {
      id
      expiresAt
    }
  }
`);

// ───────────── reads ─────────────

export const ViewerDocument = graphql(`
  query SdkViewer {
    viewer {
      subject
      tenantId
      scopes
    }
  }
`);

/** A page of a user's effective skills with the content of the version each resolves to (for `sync`). */
export const UserSkillFoldersDocument = graphql(`
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
`);

export const UserSkillsDocument = graphql(`
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
`);

export const ExplainSkillDocument = graphql(`
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
`);

export const SkillEntitledUsersDocument = graphql(`
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
`);

export const SkillDocument = graphql(`
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
`);

export const ArchetypeDocument = graphql(`
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
`);

export const AgentDocument = graphql(`
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
`);

export const PublishJobDocument = graphql(`
  query SdkPublishJob($id: ID!) {
    publishJob(id: $id) {
      ...PublishJobFields
    }
  }
`);

export const PublishJobsDocument = graphql(`
  query SdkPublishJobs($filter: PublishJobFilter, $first: Int) {
    publishJobs(filter: $filter, first: $first) {
      totalCount
      nodes {
        ...PublishJobFields
      }
    }
  }
`);

export const GovernanceEventsPageDocument = graphql(`
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
`);

/** Every id a caller may have meant: the CLI suggests from these when an id is not found. */
export const DirectoryIdsDocument = graphql(`
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
`);

export const UserExistsDocument = graphql(`
  query SdkUserExists($id: ID!) {
    user(id: $id) {
      id
    }
  }
`);

export const UserSearchDocument = graphql(`
  query SdkUserSearch($search: String!) {
    users(search: $search, first: 5) {
      nodes {
        id
      }
    }
  }
`);

// ───────────── entitlement changes (all take dryRun) ─────────────

export const GrantSkillDocument = graphql(`
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
`);

export const RevokeGrantDocument = graphql(`
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
`);

export const BlockSkillsDocument = graphql(`
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
`);

export const UnblockSkillsDocument = graphql(`
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
`);

export const AddAugmentDocument = graphql(`
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
`);

export const RemoveAugmentDocument = graphql(`
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
`);

export const UpdateArchetypeSkillsDocument = graphql(`
  mutation SdkUpdateArchetypeSkills($archetypeId: ID!, $addSkills: [ID!], $removeSkills: [ID!], $dryRun: Boolean) {
    updateArchetypeSkills(archetypeId: $archetypeId, addSkills: $addSkills, removeSkills: $removeSkills, dryRun: $dryRun) {
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
`);

export const ApplyCoworkDocument = graphql(`
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
`);

// ───────────── agents and distribution ─────────────

export const AssignSkillDocument = graphql(`
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
`);

export const RepublishDocument = graphql(`
  mutation SdkRepublish($input: RepublishInput!) {
    republish(input: $input) {
      ...PublishJobFields
    }
  }
`);

// ───────────── subscriptions ─────────────

export const PublishJobUpdatedDocument = graphql(`
  subscription SdkPublishJobUpdated($jobId: ID, $platformId: ID) {
    publishJobUpdated(jobId: $jobId, platformId: $platformId) {
      ...PublishJobFields
    }
  }
`);

export const GovernanceEventsDocument = graphql(`
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
`);
