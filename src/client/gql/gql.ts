/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment PublishJobFields on PublishJob {\n    id\n    status\n    scope\n    scopeId\n    trigger\n    usersTotal\n    usersPublished\n    attempts\n    error\n    createdAt\n    startedAt\n    finishedAt\n    lagSeconds\n    platform {\n      id\n      name\n    }\n  }\n": typeof types.PublishJobFieldsFragmentDoc,
    "\n  fragment ChangeFields on EntitlementChangePayload {\n    dryRun\n    added\n    removed\n    affectedUsers\n    publishLagEstimateSeconds\n    warnings\n    event {\n      id\n      kind\n    }\n    publishJobs {\n      ...PublishJobFields\n    }\n  }\n": typeof types.ChangeFieldsFragmentDoc,
    "\n  fragment SourceFields on EntitlementSource {\n    kind\n    label\n    grantedAt\n    grant {\n      id\n      expiresAt\n    }\n  }\n": typeof types.SourceFieldsFragmentDoc,
    "\n  query SdkViewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n": typeof types.SdkViewerDocument,
    "\n  query SdkUserSkillFolders($id: ID!, $after: String) {\n    user(id: $id) {\n      effectiveSkills(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          skillVersion\n          skill {\n            id\n            name\n            description\n            versions {\n              version\n              isDraft\n              instructions\n              references {\n                filename\n                content\n              }\n              scripts\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkUserSkillFoldersDocument,
    "\n  query SdkUserSkills($id: ID!) {\n    user(id: $id) {\n      id\n      email\n      displayName\n      archetype {\n        id\n        name\n      }\n      groups {\n        id\n        name\n      }\n      roles {\n        id\n        name\n      }\n      grants {\n        id\n        skill {\n          id\n        }\n        reason\n        active\n        grantedAt\n        expiresAt\n        revokedAt\n      }\n      effectiveSkills(first: 100) {\n        totalCount\n        nodes {\n          skill {\n            id\n            name\n          }\n          skillVersion\n          source\n          deprecated\n          sources {\n            ...SourceFields\n          }\n        }\n      }\n      blockedSkills {\n        skill {\n          id\n        }\n        blockedBy\n        overridesGrant\n      }\n    }\n  }\n": typeof types.SdkUserSkillsDocument,
    "\n  query SdkExplainSkill($userId: ID!, $skillId: ID!) {\n    user(id: $userId) {\n      id\n      explainSkill(skillId: $skillId) {\n        effective\n        reasons\n        skill {\n          id\n          name\n          lifecycle\n          quarantined\n          currentVersion\n        }\n        sources {\n          ...SourceFields\n        }\n        blockedBy {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.SdkExplainSkillDocument,
    "\n  query SdkSkillEntitledUsers($skillId: ID!, $first: Int, $after: String) {\n    skill(id: $skillId) {\n      id\n      entitledUsers(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.SdkSkillEntitledUsersDocument,
    "\n  query SdkSkill($id: ID!) {\n    skill(id: $id) {\n      id\n      name\n      lifecycle\n      currentVersion\n      quarantined\n      locked\n    }\n  }\n": typeof types.SdkSkillDocument,
    "\n  query SdkArchetype($id: ID!) {\n    archetype(id: $id) {\n      id\n      name\n      userCount\n      skills {\n        skill {\n          id\n        }\n        skillVersion\n        origin\n      }\n    }\n  }\n": typeof types.SdkArchetypeDocument,
    "\n  query SdkAgent($id: ID!) {\n    agent(id: $id) {\n      id\n      name\n      status\n      skills(first: 100) {\n        nodes {\n          skill {\n            id\n          }\n          enabled\n          priority\n        }\n      }\n    }\n  }\n": typeof types.SdkAgentDocument,
    "\n  query SdkPublishJob($id: ID!) {\n    publishJob(id: $id) {\n      ...PublishJobFields\n    }\n  }\n": typeof types.SdkPublishJobDocument,
    "\n  query SdkPublishJobs($filter: PublishJobFilter, $first: Int) {\n    publishJobs(filter: $filter, first: $first) {\n      totalCount\n      nodes {\n        ...PublishJobFields\n      }\n    }\n  }\n": typeof types.SdkPublishJobsDocument,
    "\n  query SdkGovernanceEventsPage($filter: GovernanceEventFilter, $last: Int) {\n    governanceEvents(filter: $filter, last: $last) {\n      nodes {\n        id\n        kind\n        actor\n        subjects\n        payload\n        occurredAt\n      }\n    }\n  }\n": typeof types.SdkGovernanceEventsPageDocument,
    "\n  query SdkDirectoryIds {\n    archetypes {\n      id\n    }\n    coworks {\n      id\n    }\n    groups(first: 100) {\n      nodes {\n        id\n      }\n    }\n    agents(first: 100) {\n      nodes {\n        id\n      }\n    }\n    skills(first: 100) {\n      nodes {\n        id\n      }\n    }\n    distributionPlatforms {\n      id\n    }\n  }\n": typeof types.SdkDirectoryIdsDocument,
    "\n  query SdkUserExists($id: ID!) {\n    user(id: $id) {\n      id\n    }\n  }\n": typeof types.SdkUserExistsDocument,
    "\n  query SdkUserSearch($search: String!) {\n    users(search: $search, first: 5) {\n      nodes {\n        id\n      }\n    }\n  }\n": typeof types.SdkUserSearchDocument,
    "\n  mutation SdkGrantSkill($input: GrantSkillInput!, $dryRun: Boolean) {\n    grantSkillToUser(input: $input, dryRun: $dryRun) {\n      grant {\n        id\n        user {\n          id\n        }\n        skill {\n          id\n        }\n        reason\n        expiresAt\n        active\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": typeof types.SdkGrantSkillDocument,
    "\n  mutation SdkRevokeGrant($grantId: ID!, $dryRun: Boolean) {\n    revokeUserGrant(grantId: $grantId, dryRun: $dryRun) {\n      grant {\n        id\n        user {\n          id\n        }\n        skill {\n          id\n        }\n        active\n        revokedAt\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": typeof types.SdkRevokeGrantDocument,
    "\n  mutation SdkBlockSkills($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    blockSkillsForGroup(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        blocks {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": typeof types.SdkBlockSkillsDocument,
    "\n  mutation SdkUnblockSkills($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    unblockSkillsForGroup(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        blocks {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": typeof types.SdkUnblockSkillsDocument,
    "\n  mutation SdkAddAugment($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    addGroupAugment(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        augments {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": typeof types.SdkAddAugmentDocument,
    "\n  mutation SdkRemoveAugment($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    removeGroupAugment(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        augments {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": typeof types.SdkRemoveAugmentDocument,
    "\n  mutation SdkUpdateArchetypeSkills($archetypeId: ID!, $addSkills: [ID!], $removeSkills: [ID!], $dryRun: Boolean) {\n    updateArchetypeSkills(archetypeId: $archetypeId, addSkills: $addSkills, removeSkills: $removeSkills, dryRun: $dryRun) {\n      archetype {\n        id\n        skills {\n          skill {\n            id\n          }\n          skillVersion\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": typeof types.SdkUpdateArchetypeSkillsDocument,
    "\n  mutation SdkApplyCowork($input: ApplyCoworkInput!, $dryRun: Boolean) {\n    applyCowork(input: $input, dryRun: $dryRun) {\n      archetypes {\n        id\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": typeof types.SdkApplyCoworkDocument,
    "\n  mutation SdkAssignSkill($input: AssignSkillInput!) {\n    assignSkill(input: $input) {\n      assignment {\n        id\n        agent {\n          id\n        }\n        skill {\n          id\n        }\n        skillVersion\n        enabled\n        priority\n        assignedAt\n      }\n      warnings\n    }\n  }\n": typeof types.SdkAssignSkillDocument,
    "\n  mutation SdkRepublish($input: RepublishInput!) {\n    republish(input: $input) {\n      ...PublishJobFields\n    }\n  }\n": typeof types.SdkRepublishDocument,
    "\n  subscription SdkPublishJobUpdated($jobId: ID, $platformId: ID) {\n    publishJobUpdated(jobId: $jobId, platformId: $platformId) {\n      ...PublishJobFields\n    }\n  }\n": typeof types.SdkPublishJobUpdatedDocument,
    "\n  subscription SdkGovernanceEvents($kinds: [String!], $after: ID) {\n    governanceEvents(kinds: $kinds, after: $after) {\n      id\n      kind\n      actor\n      subjects\n      payload\n      occurredAt\n    }\n  }\n": typeof types.SdkGovernanceEventsDocument,
};
const documents: Documents = {
    "\n  fragment PublishJobFields on PublishJob {\n    id\n    status\n    scope\n    scopeId\n    trigger\n    usersTotal\n    usersPublished\n    attempts\n    error\n    createdAt\n    startedAt\n    finishedAt\n    lagSeconds\n    platform {\n      id\n      name\n    }\n  }\n": types.PublishJobFieldsFragmentDoc,
    "\n  fragment ChangeFields on EntitlementChangePayload {\n    dryRun\n    added\n    removed\n    affectedUsers\n    publishLagEstimateSeconds\n    warnings\n    event {\n      id\n      kind\n    }\n    publishJobs {\n      ...PublishJobFields\n    }\n  }\n": types.ChangeFieldsFragmentDoc,
    "\n  fragment SourceFields on EntitlementSource {\n    kind\n    label\n    grantedAt\n    grant {\n      id\n      expiresAt\n    }\n  }\n": types.SourceFieldsFragmentDoc,
    "\n  query SdkViewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n": types.SdkViewerDocument,
    "\n  query SdkUserSkillFolders($id: ID!, $after: String) {\n    user(id: $id) {\n      effectiveSkills(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          skillVersion\n          skill {\n            id\n            name\n            description\n            versions {\n              version\n              isDraft\n              instructions\n              references {\n                filename\n                content\n              }\n              scripts\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SdkUserSkillFoldersDocument,
    "\n  query SdkUserSkills($id: ID!) {\n    user(id: $id) {\n      id\n      email\n      displayName\n      archetype {\n        id\n        name\n      }\n      groups {\n        id\n        name\n      }\n      roles {\n        id\n        name\n      }\n      grants {\n        id\n        skill {\n          id\n        }\n        reason\n        active\n        grantedAt\n        expiresAt\n        revokedAt\n      }\n      effectiveSkills(first: 100) {\n        totalCount\n        nodes {\n          skill {\n            id\n            name\n          }\n          skillVersion\n          source\n          deprecated\n          sources {\n            ...SourceFields\n          }\n        }\n      }\n      blockedSkills {\n        skill {\n          id\n        }\n        blockedBy\n        overridesGrant\n      }\n    }\n  }\n": types.SdkUserSkillsDocument,
    "\n  query SdkExplainSkill($userId: ID!, $skillId: ID!) {\n    user(id: $userId) {\n      id\n      explainSkill(skillId: $skillId) {\n        effective\n        reasons\n        skill {\n          id\n          name\n          lifecycle\n          quarantined\n          currentVersion\n        }\n        sources {\n          ...SourceFields\n        }\n        blockedBy {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.SdkExplainSkillDocument,
    "\n  query SdkSkillEntitledUsers($skillId: ID!, $first: Int, $after: String) {\n    skill(id: $skillId) {\n      id\n      entitledUsers(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.SdkSkillEntitledUsersDocument,
    "\n  query SdkSkill($id: ID!) {\n    skill(id: $id) {\n      id\n      name\n      lifecycle\n      currentVersion\n      quarantined\n      locked\n    }\n  }\n": types.SdkSkillDocument,
    "\n  query SdkArchetype($id: ID!) {\n    archetype(id: $id) {\n      id\n      name\n      userCount\n      skills {\n        skill {\n          id\n        }\n        skillVersion\n        origin\n      }\n    }\n  }\n": types.SdkArchetypeDocument,
    "\n  query SdkAgent($id: ID!) {\n    agent(id: $id) {\n      id\n      name\n      status\n      skills(first: 100) {\n        nodes {\n          skill {\n            id\n          }\n          enabled\n          priority\n        }\n      }\n    }\n  }\n": types.SdkAgentDocument,
    "\n  query SdkPublishJob($id: ID!) {\n    publishJob(id: $id) {\n      ...PublishJobFields\n    }\n  }\n": types.SdkPublishJobDocument,
    "\n  query SdkPublishJobs($filter: PublishJobFilter, $first: Int) {\n    publishJobs(filter: $filter, first: $first) {\n      totalCount\n      nodes {\n        ...PublishJobFields\n      }\n    }\n  }\n": types.SdkPublishJobsDocument,
    "\n  query SdkGovernanceEventsPage($filter: GovernanceEventFilter, $last: Int) {\n    governanceEvents(filter: $filter, last: $last) {\n      nodes {\n        id\n        kind\n        actor\n        subjects\n        payload\n        occurredAt\n      }\n    }\n  }\n": types.SdkGovernanceEventsPageDocument,
    "\n  query SdkDirectoryIds {\n    archetypes {\n      id\n    }\n    coworks {\n      id\n    }\n    groups(first: 100) {\n      nodes {\n        id\n      }\n    }\n    agents(first: 100) {\n      nodes {\n        id\n      }\n    }\n    skills(first: 100) {\n      nodes {\n        id\n      }\n    }\n    distributionPlatforms {\n      id\n    }\n  }\n": types.SdkDirectoryIdsDocument,
    "\n  query SdkUserExists($id: ID!) {\n    user(id: $id) {\n      id\n    }\n  }\n": types.SdkUserExistsDocument,
    "\n  query SdkUserSearch($search: String!) {\n    users(search: $search, first: 5) {\n      nodes {\n        id\n      }\n    }\n  }\n": types.SdkUserSearchDocument,
    "\n  mutation SdkGrantSkill($input: GrantSkillInput!, $dryRun: Boolean) {\n    grantSkillToUser(input: $input, dryRun: $dryRun) {\n      grant {\n        id\n        user {\n          id\n        }\n        skill {\n          id\n        }\n        reason\n        expiresAt\n        active\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": types.SdkGrantSkillDocument,
    "\n  mutation SdkRevokeGrant($grantId: ID!, $dryRun: Boolean) {\n    revokeUserGrant(grantId: $grantId, dryRun: $dryRun) {\n      grant {\n        id\n        user {\n          id\n        }\n        skill {\n          id\n        }\n        active\n        revokedAt\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": types.SdkRevokeGrantDocument,
    "\n  mutation SdkBlockSkills($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    blockSkillsForGroup(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        blocks {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": types.SdkBlockSkillsDocument,
    "\n  mutation SdkUnblockSkills($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    unblockSkillsForGroup(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        blocks {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": types.SdkUnblockSkillsDocument,
    "\n  mutation SdkAddAugment($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    addGroupAugment(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        augments {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": types.SdkAddAugmentDocument,
    "\n  mutation SdkRemoveAugment($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    removeGroupAugment(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        augments {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": types.SdkRemoveAugmentDocument,
    "\n  mutation SdkUpdateArchetypeSkills($archetypeId: ID!, $addSkills: [ID!], $removeSkills: [ID!], $dryRun: Boolean) {\n    updateArchetypeSkills(archetypeId: $archetypeId, addSkills: $addSkills, removeSkills: $removeSkills, dryRun: $dryRun) {\n      archetype {\n        id\n        skills {\n          skill {\n            id\n          }\n          skillVersion\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": types.SdkUpdateArchetypeSkillsDocument,
    "\n  mutation SdkApplyCowork($input: ApplyCoworkInput!, $dryRun: Boolean) {\n    applyCowork(input: $input, dryRun: $dryRun) {\n      archetypes {\n        id\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n": types.SdkApplyCoworkDocument,
    "\n  mutation SdkAssignSkill($input: AssignSkillInput!) {\n    assignSkill(input: $input) {\n      assignment {\n        id\n        agent {\n          id\n        }\n        skill {\n          id\n        }\n        skillVersion\n        enabled\n        priority\n        assignedAt\n      }\n      warnings\n    }\n  }\n": types.SdkAssignSkillDocument,
    "\n  mutation SdkRepublish($input: RepublishInput!) {\n    republish(input: $input) {\n      ...PublishJobFields\n    }\n  }\n": types.SdkRepublishDocument,
    "\n  subscription SdkPublishJobUpdated($jobId: ID, $platformId: ID) {\n    publishJobUpdated(jobId: $jobId, platformId: $platformId) {\n      ...PublishJobFields\n    }\n  }\n": types.SdkPublishJobUpdatedDocument,
    "\n  subscription SdkGovernanceEvents($kinds: [String!], $after: ID) {\n    governanceEvents(kinds: $kinds, after: $after) {\n      id\n      kind\n      actor\n      subjects\n      payload\n      occurredAt\n    }\n  }\n": types.SdkGovernanceEventsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PublishJobFields on PublishJob {\n    id\n    status\n    scope\n    scopeId\n    trigger\n    usersTotal\n    usersPublished\n    attempts\n    error\n    createdAt\n    startedAt\n    finishedAt\n    lagSeconds\n    platform {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql.js').PublishJobFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChangeFields on EntitlementChangePayload {\n    dryRun\n    added\n    removed\n    affectedUsers\n    publishLagEstimateSeconds\n    warnings\n    event {\n      id\n      kind\n    }\n    publishJobs {\n      ...PublishJobFields\n    }\n  }\n"): typeof import('./graphql.js').ChangeFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SourceFields on EntitlementSource {\n    kind\n    label\n    grantedAt\n    grant {\n      id\n      expiresAt\n    }\n  }\n"): typeof import('./graphql.js').SourceFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkViewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n"): typeof import('./graphql.js').SdkViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkUserSkillFolders($id: ID!, $after: String) {\n    user(id: $id) {\n      effectiveSkills(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          skillVersion\n          skill {\n            id\n            name\n            description\n            versions {\n              version\n              isDraft\n              instructions\n              references {\n                filename\n                content\n              }\n              scripts\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkUserSkillFoldersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkUserSkills($id: ID!) {\n    user(id: $id) {\n      id\n      email\n      displayName\n      archetype {\n        id\n        name\n      }\n      groups {\n        id\n        name\n      }\n      roles {\n        id\n        name\n      }\n      grants {\n        id\n        skill {\n          id\n        }\n        reason\n        active\n        grantedAt\n        expiresAt\n        revokedAt\n      }\n      effectiveSkills(first: 100) {\n        totalCount\n        nodes {\n          skill {\n            id\n            name\n          }\n          skillVersion\n          source\n          deprecated\n          sources {\n            ...SourceFields\n          }\n        }\n      }\n      blockedSkills {\n        skill {\n          id\n        }\n        blockedBy\n        overridesGrant\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkUserSkillsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkExplainSkill($userId: ID!, $skillId: ID!) {\n    user(id: $userId) {\n      id\n      explainSkill(skillId: $skillId) {\n        effective\n        reasons\n        skill {\n          id\n          name\n          lifecycle\n          quarantined\n          currentVersion\n        }\n        sources {\n          ...SourceFields\n        }\n        blockedBy {\n          id\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkExplainSkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkSkillEntitledUsers($skillId: ID!, $first: Int, $after: String) {\n    skill(id: $skillId) {\n      id\n      entitledUsers(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkSkillEntitledUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkSkill($id: ID!) {\n    skill(id: $id) {\n      id\n      name\n      lifecycle\n      currentVersion\n      quarantined\n      locked\n    }\n  }\n"): typeof import('./graphql.js').SdkSkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkArchetype($id: ID!) {\n    archetype(id: $id) {\n      id\n      name\n      userCount\n      skills {\n        skill {\n          id\n        }\n        skillVersion\n        origin\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkArchetypeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkAgent($id: ID!) {\n    agent(id: $id) {\n      id\n      name\n      status\n      skills(first: 100) {\n        nodes {\n          skill {\n            id\n          }\n          enabled\n          priority\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkAgentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkPublishJob($id: ID!) {\n    publishJob(id: $id) {\n      ...PublishJobFields\n    }\n  }\n"): typeof import('./graphql.js').SdkPublishJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkPublishJobs($filter: PublishJobFilter, $first: Int) {\n    publishJobs(filter: $filter, first: $first) {\n      totalCount\n      nodes {\n        ...PublishJobFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkPublishJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkGovernanceEventsPage($filter: GovernanceEventFilter, $last: Int) {\n    governanceEvents(filter: $filter, last: $last) {\n      nodes {\n        id\n        kind\n        actor\n        subjects\n        payload\n        occurredAt\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkGovernanceEventsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkDirectoryIds {\n    archetypes {\n      id\n    }\n    coworks {\n      id\n    }\n    groups(first: 100) {\n      nodes {\n        id\n      }\n    }\n    agents(first: 100) {\n      nodes {\n        id\n      }\n    }\n    skills(first: 100) {\n      nodes {\n        id\n      }\n    }\n    distributionPlatforms {\n      id\n    }\n  }\n"): typeof import('./graphql.js').SdkDirectoryIdsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkUserExists($id: ID!) {\n    user(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').SdkUserExistsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkUserSearch($search: String!) {\n    users(search: $search, first: 5) {\n      nodes {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkUserSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkGrantSkill($input: GrantSkillInput!, $dryRun: Boolean) {\n    grantSkillToUser(input: $input, dryRun: $dryRun) {\n      grant {\n        id\n        user {\n          id\n        }\n        skill {\n          id\n        }\n        reason\n        expiresAt\n        active\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkGrantSkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRevokeGrant($grantId: ID!, $dryRun: Boolean) {\n    revokeUserGrant(grantId: $grantId, dryRun: $dryRun) {\n      grant {\n        id\n        user {\n          id\n        }\n        skill {\n          id\n        }\n        active\n        revokedAt\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkRevokeGrantDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkBlockSkills($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    blockSkillsForGroup(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        blocks {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkBlockSkillsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUnblockSkills($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    unblockSkillsForGroup(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        blocks {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkUnblockSkillsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkAddAugment($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    addGroupAugment(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        augments {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkAddAugmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRemoveAugment($groupId: ID!, $skillIds: [ID!]!, $dryRun: Boolean) {\n    removeGroupAugment(groupId: $groupId, skillIds: $skillIds, dryRun: $dryRun) {\n      group {\n        id\n        augments {\n          id\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkRemoveAugmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateArchetypeSkills($archetypeId: ID!, $addSkills: [ID!], $removeSkills: [ID!], $dryRun: Boolean) {\n    updateArchetypeSkills(archetypeId: $archetypeId, addSkills: $addSkills, removeSkills: $removeSkills, dryRun: $dryRun) {\n      archetype {\n        id\n        skills {\n          skill {\n            id\n          }\n          skillVersion\n        }\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkUpdateArchetypeSkillsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkApplyCowork($input: ApplyCoworkInput!, $dryRun: Boolean) {\n    applyCowork(input: $input, dryRun: $dryRun) {\n      archetypes {\n        id\n      }\n      change {\n        ...ChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkApplyCoworkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkAssignSkill($input: AssignSkillInput!) {\n    assignSkill(input: $input) {\n      assignment {\n        id\n        agent {\n          id\n        }\n        skill {\n          id\n        }\n        skillVersion\n        enabled\n        priority\n        assignedAt\n      }\n      warnings\n    }\n  }\n"): typeof import('./graphql.js').SdkAssignSkillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRepublish($input: RepublishInput!) {\n    republish(input: $input) {\n      ...PublishJobFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRepublishDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkPublishJobUpdated($jobId: ID, $platformId: ID) {\n    publishJobUpdated(jobId: $jobId, platformId: $platformId) {\n      ...PublishJobFields\n    }\n  }\n"): typeof import('./graphql.js').SdkPublishJobUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkGovernanceEvents($kinds: [String!], $after: ID) {\n    governanceEvents(kinds: $kinds, after: $after) {\n      id\n      kind\n      actor\n      subjects\n      payload\n      occurredAt\n    }\n  }\n"): typeof import('./graphql.js').SdkGovernanceEventsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
