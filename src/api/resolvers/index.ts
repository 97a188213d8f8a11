import type { NonEmptyArray } from "type-graphql";
import { AgentResolver } from "./agent.resolver.js";
import { AssignmentResolver } from "./assignment.resolver.js";
import { EntitlementMutationsResolver } from "./entitlement-mutations.resolver.js";
import { DistributionResolver } from "./distribution.resolver.js";
import { EntitlementChangeResolver, SubscriptionResolver } from "./subscription.resolver.js";
import { GovernanceEventResolver } from "./governance-event.resolver.js";
import { PublishJobResolver } from "./publish-job.resolver.js";
import {
  BlockedSkillResolver,
  EffectiveSkillResolver,
  EntitlementSourceResolver,
  ExplanationResolver,
  SkillEntitlementsResolver,
  UserEntitlementsResolver,
} from "./user-entitlements.resolver.js";
import { RepositoryResolver } from "./repository.resolver.js";
import { ScanFindingResolver, ScanningResolver } from "./scanning.resolver.js";
import { SkillConfigResolver } from "./skill-config.resolver.js";
import { SkillContentResolver } from "./skill-content.resolver.js";
import { SkillRequestResolver } from "./skill-request.resolver.js";
import { SkillResolver } from "./skill.resolver.js";
import { TemplateResolver } from "./template.resolver.js";
import { ViewerResolver } from "./viewer.resolver.js";
import { RateLimitResolver } from "./rate-limit.resolver.js";
import { ArchetypeResolver } from "./archetype.resolver.js";
import { CoworkResolver } from "./cowork.resolver.js";
import { GroupResolver } from "./group.resolver.js";
import { RoleResolver, RoleSkillResolver } from "./role.resolver.js";
import { UserGrantResolver } from "./user-grant.resolver.js";
import { UserResolver } from "./user.resolver.js";
import { LifecycleResolver } from "./lifecycle.resolver.js";
import { SkillAccessResolver, SkillOwnershipTransferResolver } from "./skill-access.resolver.js";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  ViewerResolver,
  RateLimitResolver,
  SkillResolver,
  AgentResolver,
  AssignmentResolver,
  SkillRequestResolver,
  SkillConfigResolver,
  RepositoryResolver,
  TemplateResolver,
  SkillContentResolver,
  GovernanceEventResolver,
  PublishJobResolver,
  DistributionResolver,
  SubscriptionResolver,
  EntitlementChangeResolver,
  UserEntitlementsResolver,
  SkillEntitlementsResolver,
  EffectiveSkillResolver,
  BlockedSkillResolver,
  ExplanationResolver,
  EntitlementSourceResolver,
  EntitlementMutationsResolver,
  ScanningResolver,
  ScanFindingResolver,
  UserResolver,
  UserGrantResolver,
  GroupResolver,
  RoleResolver,
  RoleSkillResolver,
  ArchetypeResolver,
  CoworkResolver,
  LifecycleResolver,
  SkillAccessResolver,
  SkillOwnershipTransferResolver,
];
