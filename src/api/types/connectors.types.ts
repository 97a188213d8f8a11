// Connectors (issue 12): the integrations agents discover with connector_discover.
import { Field, InputType, ObjectType, ID, registerEnumType } from "type-graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { Skill } from "./catalog.types.js";
import { SkillRequestStatus } from "./agents.types.js";

export enum ConnectorStatus {
  CONNECTED = "CONNECTED",
  AVAILABLE = "AVAILABLE",
}
registerEnumType(ConnectorStatus, {
  name: "ConnectorStatus",
  valuesConfig: {
    CONNECTED: { description: "Connected by an admin, or by approving a request for it." },
    AVAILABLE: { description: "Known to the tenant; an agent or person may request it." },
  },
});

@ObjectType({ description: "An integration agents work with (github, slack, jira, …), per tenant." })
export class Connector {
  @Field(() => ID, { description: "A lowercase slug, e.g. github, google-drive." })
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String, { description: "e.g. source-control, communication." })
  category!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => ConnectorStatus)
  status!: ConnectorStatus;
  @Field(() => [Skill], { description: "Skills suggested to whoever uses this integration, in the order given (skills since deleted for good are left out)." })
  suggestedSkills!: Skill[];
  @Field(() => GraphQLDateTime, { nullable: true })
  connectedAt?: Date | null;
  @Field(() => String, { nullable: true, description: "Token subject that connected it, or system." })
  connectedBy?: string | null;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType({ description: "A request to connect an integration (the connector_request tool), decided by a person like a skill request." })
export class ConnectorRequest {
  @Field(() => ID, { description: "creq_…" })
  id!: string;
  @Field(() => Connector)
  connector!: Connector;
  @Field(() => String, { description: "Token subject of the requester, e.g. agent:devops-agent." })
  requestedBy!: string;
  @Field(() => String)
  reason!: string;
  @Field(() => SkillRequestStatus)
  status!: SkillRequestStatus;
  @Field(() => String, { nullable: true })
  decidedBy?: string | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  decidedAt?: Date | null;
  @Field(() => String, { nullable: true })
  decisionNote?: string | null;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@InputType()
export class ConnectorInput {
  @Field(() => ID, { description: "A lowercase slug (letters, digits, '-'; at most 63), else BAD_USER_INPUT." })
  id!: string;
  @Field(() => String)
  name!: string;
  @Field(() => String)
  category!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => ConnectorStatus, { nullable: true, description: "Defaults to the current status (AVAILABLE for a new connector)." })
  status?: ConnectorStatus | null;
  @Field(() => [ID], { nullable: true, description: "At most 50 skill ids, each in this tenant (else NOT_FOUND at input.suggestedSkills.<index>). Replaces the list." })
  suggestedSkills?: string[] | null;
}
