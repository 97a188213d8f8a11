// The Skill Gateway SDK: a typed client of the public GraphQL API (HTTP and
// graphql-ws). Import from "src/client/index.js"; nothing here imports the server.
export { SkillGatewayClient, type ClientOptions, type DryRunOption } from "./client.js";
export { SkillGatewayError, type SkillGatewayErrorCode, type GraphQLErrorBody } from "./errors.js";
export {
  SubscriptionConnection,
  subscribe,
  watchPublishJobs,
  isFinalJob,
  webSocketUrl,
  FINAL_JOB_STATUSES,
  type PublishJobState,
  type SubscriptionOptions,
} from "./subscribe.js";
export * as operations from "./operations.js";
export type * from "./gql/graphql.js";
