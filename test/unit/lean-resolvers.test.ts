// api/lean-resolvers.ts: type-graphql's per-call wrappers are replaced only where they
// do nothing, and what replaces them answers as type-graphql's did: property names
// that differ from the schema's, resolver methods with root, context and info in their
// order, @Authorized fields still refused, argument-taking fields left to type-graphql.
import "reflect-metadata";
import { execute, parse, type GraphQLSchema } from "graphql";
import { Args, ArgsType, Authorized, buildSchema, Ctx, Field, FieldResolver, Info, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { isLeanResolver, leanResolvers } from "../../src/api/lean-resolvers.js";
import { gatewaySchema } from "../../src/api/schema.js";

@ObjectType()
class LeanThing {
  @Field(() => String)
  plain!: string;

  @Field(() => String, { name: "renamed" })
  inside!: string;

  @Authorized("secret:read")
  @Field(() => String)
  secret!: string;
}

@ArgsType()
class TimesArgs {
  @Field(() => Int)
  times!: number;
}

type Ctx0 = { who: string };

@Resolver(() => LeanThing)
class LeanThingResolver {
  private readonly prefix = "seen";

  @Query(() => LeanThing)
  thing(): LeanThing {
    return { plain: "p", inside: "i", secret: "s" };
  }

  @FieldResolver(() => String)
  described(@Info() info: { fieldName: string }, @Root() t: LeanThing, @Ctx() ctx: Ctx0, @Ctx("who") who: string): string {
    return `${this.prefix} ${info.fieldName} ${t.plain} for ${ctx.who}/${who}`;
  }

  @FieldResolver(() => String)
  repeated(@Root() t: LeanThing, @Args(() => TimesArgs) { times }: TimesArgs): string {
    return t.plain.repeat(times);
  }
}

let schema: GraphQLSchema;
beforeAll(async () => {
  const resolvers = [LeanThingResolver] as const;
  schema = leanResolvers(
    await buildSchema({ resolvers, authChecker: () => false, authMode: "error", validate: false }),
    resolvers,
  );
});

describe("lean resolvers", () => {
  it("replaces the wrappers of plain fields and root/context/info methods, and keeps type-graphql's where it does work", () => {
    const fields = schema.getType("LeanThing") as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    const f = fields.getFields();
    expect(isLeanResolver(f.plain!.resolve)).toBe(true);
    expect(isLeanResolver(f.renamed!.resolve)).toBe(true);
    expect(isLeanResolver(f.described!.resolve)).toBe(true);
    expect(isLeanResolver(f.secret!.resolve)).toBe(false); // @Authorized: type-graphql's auth middleware stays
    expect(isLeanResolver(f.repeated!.resolve)).toBe(false); // @Args: converted by type-graphql
  });

  it("answers what type-graphql's resolvers answered", async () => {
    const run = (q: string) => execute({ schema, document: parse(q), contextValue: { who: "ada" } });
    const ok = await run(`{ thing { plain renamed described repeated(times: 2) } }`);
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ thing: { plain: "p", renamed: "i", described: "seen described p for ada/ada", repeated: "pp" } });
    const denied = await run(`{ thing { secret } }`);
    expect(denied.errors?.[0]?.message).toMatch(/Access denied/);
  });

  it("takes the per-node fields of the picker's read off type-graphql's wrappers in the gateway's schema, not the authorized ones", async () => {
    const gateway = await gatewaySchema();
    const field = (type: string, name: string) => (gateway.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields()[name]!;
    expect(isLeanResolver(field("EffectiveSkill", "skill").resolve)).toBe(true);
    expect(isLeanResolver(field("EffectiveSkill", "source").resolve)).toBe(true);
    expect(isLeanResolver(field("Skill", "id").resolve)).toBe(true);
    expect(isLeanResolver(field("SkillVersion", "instructions").resolve)).toBe(false);
  });
});
