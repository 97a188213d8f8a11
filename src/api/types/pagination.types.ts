// Scaffolded from ../shared/contract/schema.graphql; descriptions are part of the contract.
import { Field, Int, ObjectType, type ClassType } from "type-graphql";

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

/**
 * One generic Relay connection (type-graphql's examples/generic-types): the
 * `<Name>Edge` and `<Name>Connection` types of the contract for a node type.
 * The node is a thunk, so connections can name types declared in other files.
 */
export function connectionType<TNode extends object>(name: string, node: () => ClassType<TNode>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;
    @Field(() => node())
    node!: TNode;
  }
  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];
    @Field(() => [node()])
    nodes!: TNode[];
    @Field(() => PageInfo)
    pageInfo!: PageInfo;
    @Field(() => Int)
    totalCount!: number;
  }
  return Connection;
}
