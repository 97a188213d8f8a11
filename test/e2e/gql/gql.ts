/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "\n  query Viewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  fragment SkillFields on Skill {\n    id\n    name\n    lifecycle\n    currentVersion\n    hasDraftChanges\n    deletedAt\n    versions {\n      version\n      isDraft\n      instructions\n    }\n  }\n": typeof types.SkillFieldsFragmentDoc,
    "\n  query SkillById($id: ID!) {\n    skill(id: $id) {\n      ...SkillFields\n    }\n  }\n": typeof types.SkillByIdDocument,
    "\n  query SkillsPage($first: Int, $after: String, $last: Int, $before: String, $filter: SkillFilter) {\n    skills(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      nodes {\n        id\n        currentVersion\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.SkillsPageDocument,
    "\n  query SkillCategories {\n    skillCategories\n  }\n": typeof types.SkillCategoriesDocument,
    "\n  mutation CreateSkill($input: CreateSkillInput!) {\n    createSkill(input: $input) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": typeof types.CreateSkillDocument,
    "\n  mutation UpdateSkill($input: UpdateSkillInput!) {\n    updateSkill(input: $input) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": typeof types.UpdateSkillDocument,
    "\n  mutation DeploySkill($id: ID!, $version: String) {\n    deploySkill(id: $id, version: $version) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": typeof types.DeploySkillDocument,
    "\n  mutation SetSkillLifecycle($id: ID!, $lifecycle: SkillLifecycle!) {\n    setSkillLifecycle(id: $id, lifecycle: $lifecycle) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": typeof types.SetSkillLifecycleDocument,
    "\n  mutation DeleteSkill($id: ID!) {\n    deleteSkill(id: $id) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": typeof types.DeleteSkillDocument,
    "\n  query WsViewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n": typeof types.WsViewerDocument,
    "\n  query WsSkills($first: Int) {\n    skills(first: $first) {\n      totalCount\n      nodes {\n        id\n        name\n        lifecycle\n      }\n    }\n  }\n": typeof types.WsSkillsDocument,
    "\n  mutation WsCreateSkill($input: CreateSkillInput!) {\n    createSkill(input: $input) {\n      skill {\n        id\n        lifecycle\n        currentVersion\n        hasDraftChanges\n        versions {\n          version\n          isDraft\n        }\n      }\n      warnings\n    }\n  }\n": typeof types.WsCreateSkillDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n": types.ViewerDocument,
    "\n  fragment SkillFields on Skill {\n    id\n    name\n    lifecycle\n    currentVersion\n    hasDraftChanges\n    deletedAt\n    versions {\n      version\n      isDraft\n      instructions\n    }\n  }\n": types.SkillFieldsFragmentDoc,
    "\n  query SkillById($id: ID!) {\n    skill(id: $id) {\n      ...SkillFields\n    }\n  }\n": types.SkillByIdDocument,
    "\n  query SkillsPage($first: Int, $after: String, $last: Int, $before: String, $filter: SkillFilter) {\n    skills(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      nodes {\n        id\n        currentVersion\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.SkillsPageDocument,
    "\n  query SkillCategories {\n    skillCategories\n  }\n": types.SkillCategoriesDocument,
    "\n  mutation CreateSkill($input: CreateSkillInput!) {\n    createSkill(input: $input) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": types.CreateSkillDocument,
    "\n  mutation UpdateSkill($input: UpdateSkillInput!) {\n    updateSkill(input: $input) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": types.UpdateSkillDocument,
    "\n  mutation DeploySkill($id: ID!, $version: String) {\n    deploySkill(id: $id, version: $version) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": types.DeploySkillDocument,
    "\n  mutation SetSkillLifecycle($id: ID!, $lifecycle: SkillLifecycle!) {\n    setSkillLifecycle(id: $id, lifecycle: $lifecycle) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": types.SetSkillLifecycleDocument,
    "\n  mutation DeleteSkill($id: ID!) {\n    deleteSkill(id: $id) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n": types.DeleteSkillDocument,
    "\n  query WsViewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n": types.WsViewerDocument,
    "\n  query WsSkills($first: Int) {\n    skills(first: $first) {\n      totalCount\n      nodes {\n        id\n        name\n        lifecycle\n      }\n    }\n  }\n": types.WsSkillsDocument,
    "\n  mutation WsCreateSkill($input: CreateSkillInput!) {\n    createSkill(input: $input) {\n      skill {\n        id\n        lifecycle\n        currentVersion\n        hasDraftChanges\n        versions {\n          version\n          isDraft\n        }\n      }\n      warnings\n    }\n  }\n": types.WsCreateSkillDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SkillFields on Skill {\n    id\n    name\n    lifecycle\n    currentVersion\n    hasDraftChanges\n    deletedAt\n    versions {\n      version\n      isDraft\n      instructions\n    }\n  }\n"): (typeof documents)["\n  fragment SkillFields on Skill {\n    id\n    name\n    lifecycle\n    currentVersion\n    hasDraftChanges\n    deletedAt\n    versions {\n      version\n      isDraft\n      instructions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SkillById($id: ID!) {\n    skill(id: $id) {\n      ...SkillFields\n    }\n  }\n"): (typeof documents)["\n  query SkillById($id: ID!) {\n    skill(id: $id) {\n      ...SkillFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SkillsPage($first: Int, $after: String, $last: Int, $before: String, $filter: SkillFilter) {\n    skills(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      nodes {\n        id\n        currentVersion\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query SkillsPage($first: Int, $after: String, $last: Int, $before: String, $filter: SkillFilter) {\n    skills(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      nodes {\n        id\n        currentVersion\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SkillCategories {\n    skillCategories\n  }\n"): (typeof documents)["\n  query SkillCategories {\n    skillCategories\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSkill($input: CreateSkillInput!) {\n    createSkill(input: $input) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSkill($input: CreateSkillInput!) {\n    createSkill(input: $input) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSkill($input: UpdateSkillInput!) {\n    updateSkill(input: $input) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSkill($input: UpdateSkillInput!) {\n    updateSkill(input: $input) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeploySkill($id: ID!, $version: String) {\n    deploySkill(id: $id, version: $version) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"): (typeof documents)["\n  mutation DeploySkill($id: ID!, $version: String) {\n    deploySkill(id: $id, version: $version) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSkillLifecycle($id: ID!, $lifecycle: SkillLifecycle!) {\n    setSkillLifecycle(id: $id, lifecycle: $lifecycle) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"): (typeof documents)["\n  mutation SetSkillLifecycle($id: ID!, $lifecycle: SkillLifecycle!) {\n    setSkillLifecycle(id: $id, lifecycle: $lifecycle) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSkill($id: ID!) {\n    deleteSkill(id: $id) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSkill($id: ID!) {\n    deleteSkill(id: $id) {\n      skill {\n        ...SkillFields\n      }\n      warnings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WsViewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n"): (typeof documents)["\n  query WsViewer {\n    viewer {\n      subject\n      tenantId\n      scopes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WsSkills($first: Int) {\n    skills(first: $first) {\n      totalCount\n      nodes {\n        id\n        name\n        lifecycle\n      }\n    }\n  }\n"): (typeof documents)["\n  query WsSkills($first: Int) {\n    skills(first: $first) {\n      totalCount\n      nodes {\n        id\n        name\n        lifecycle\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WsCreateSkill($input: CreateSkillInput!) {\n    createSkill(input: $input) {\n      skill {\n        id\n        lifecycle\n        currentVersion\n        hasDraftChanges\n        versions {\n          version\n          isDraft\n        }\n      }\n      warnings\n    }\n  }\n"): (typeof documents)["\n  mutation WsCreateSkill($input: CreateSkillInput!) {\n    createSkill(input: $input) {\n      skill {\n        id\n        lifecycle\n        currentVersion\n        hasDraftChanges\n        versions {\n          version\n          isDraft\n        }\n      }\n      warnings\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;