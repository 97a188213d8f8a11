// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Field, ObjectType, ID } from "type-graphql";

@ObjectType()
export class Viewer {
  @Field(() => String, { description: "Token subject, e.g. user:… or agent:… or a service name." })
  subject!: string;
  @Field(() => ID)
  tenantId!: string;
  @Field(() => [String])
  scopes!: string[];
}
