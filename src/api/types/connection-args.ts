import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class ConnectionArgsType {
  @Field(() => Int, { nullable: true })
  first?: number | null;
  @Field(() => String, { nullable: true })
  after?: string | null;
  @Field(() => Int, { nullable: true })
  last?: number | null;
  @Field(() => String, { nullable: true })
  before?: string | null;
}
