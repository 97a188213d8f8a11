import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { AGENT } from "../auth-checker.js";
import { Connector, ConnectorInput, ConnectorRequest, ConnectorStatus } from "../types/connectors.types.js";
import { SkillRequestStatus } from "../types/agents.types.js";
import { Skill } from "../types/catalog.types.js";
import * as connectors from "../../services/connectors.service.js";
import type { ConnectorRequestRow, ConnectorRow } from "../../services/connectors.service.js";

@Resolver(() => Connector)
export class ConnectorResolver {
  @Authorized("skills:read", AGENT)
  @Query(() => [Connector], { description: "The tenant's integrations, ordered by id." })
  connectors(
    @Ctx() ctx: Context,
    @Arg("category", () => String, { nullable: true }) category: string | null,
    @Arg("status", () => ConnectorStatus, { nullable: true }) status: ConnectorStatus | null,
  ) {
    return connectors.listConnectors(ctx, { category, status });
  }

  @Authorized("skills:read", AGENT)
  @Query(() => Connector, { nullable: true })
  connector(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return connectors.getConnector(ctx, id);
  }

  @Authorized("admin")
  @Mutation(() => Connector, { description: "Creates or replaces an integration (admin scope); CONNECTED records who and when." })
  upsertConnector(@Ctx() ctx: Context, @Arg("input", () => ConnectorInput) input: ConnectorInput) {
    return connectors.upsertConnector(ctx, input);
  }

  @FieldResolver(() => [Skill])
  async suggestedSkills(@Root() row: ConnectorRow, @Ctx() ctx: Context) {
    const skills = await ctx.loaders.skill.loadMany(connectors.suggestedSkillsOf(row));
    return skills.filter((s) => s != null && !(s instanceof Error));
  }
}

@Resolver(() => ConnectorRequest)
export class ConnectorRequestResolver {
  @Authorized("skills:read", AGENT)
  @Query(() => [ConnectorRequest], { description: "Newest first. An agent sees its own requests only." })
  connectorRequests(
    @Ctx() ctx: Context,
    @Arg("status", () => SkillRequestStatus, { nullable: true }) status: SkillRequestStatus | null,
  ) {
    return connectors.listConnectorRequests(ctx, status);
  }

  @Authorized("skills:write", AGENT)
  @Mutation(() => ConnectorRequest, {
    description:
      "Asks for an AVAILABLE integration (CONFLICT when it is already CONNECTED). Asking again while the caller's request is PENDING returns that request.",
  })
  async requestConnector(
    @Ctx() ctx: Context,
    @Arg("connectorId", () => ID) connectorId: string,
    @Arg("reason", () => String) reason: string,
  ) {
    return (await connectors.requestConnector(ctx, connectorId, reason)).request;
  }

  @Authorized("admin")
  @Mutation(() => ConnectorRequest, { description: "Approving connects the integration. Agents cannot decide (FORBIDDEN)." })
  decideConnectorRequest(
    @Ctx() ctx: Context,
    @Arg("id", () => ID) id: string,
    @Arg("approve", () => Boolean) approve: boolean,
    @Arg("note", () => String, { nullable: true }) note: string | null,
  ) {
    return connectors.decideConnectorRequest(ctx, id, approve, note);
  }

  @FieldResolver(() => Connector)
  connector(@Root() request: ConnectorRequestRow, @Ctx() ctx: Context) {
    return connectors.getConnector(ctx, request.connectorId);
  }
}
