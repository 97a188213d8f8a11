// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Field, ObjectType } from "type-graphql";

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;
  @Field(() => Boolean)
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true })
  startCursor?: string | null;
  @Field(() => String, { nullable: true })
  endCursor?: string | null;
}
