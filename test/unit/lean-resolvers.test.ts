// api/lean-resolvers.ts: type-graphql's per-call wrappers are replaced only where they
// do nothing, and what replaces them answers as type-graphql's did: property names
// that differ from the schema's, resolver methods with root, context and info in their
// order, @Authorized fields still refused, argument-taking fields left to type-graphql
// unless told validation is off; then the same answers, argument instances and refusals
// as type-graphql's own resolvers (a differential check against an untouched schema).
import "reflect-metadata";
import { execute, GraphQLID, parse, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import {
  Arg, Args, ArgsType, Authorized, buildSchema, Ctx, Field, FieldResolver, ID, InputType, Info, Int, ObjectType, Query,
  registerEnumType, Resolver, Root,
} from "type-graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { isLeanResolver, leanResolvers } from "../../src/api/lean-resolvers.js";
import { unguarded } from "../../src/api/argument-guard.js";
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

enum Shade {
  LIGHT = "LIGHT",
  DARK = "DARK",
}
registerEnumType(Shade, { name: "LeanShade" });

@ArgsType()
class BaseLeanArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;
}

@ArgsType()
class LeanPageArgs extends BaseLeanArgs {
  @Field(() => String, { nullable: true })
  after?: string | null;
  @Field(() => [ID], { nullable: true })
  ids?: string[] | null;
  @Field(() => Shade, { nullable: true })
  shade?: Shade | null;
  @Field(() => Int, { nullable: true })
  size: number | null = 7;
}

@InputType()
class LeanFilter {
  @Field(() => String)
  word!: string;
}

type Scoped = { scopes: string[] };

@Resolver()
class GuardedResolver {
  @Authorized("things:read")
  @Query(() => String)
  page(@Args(() => LeanPageArgs) page: LeanPageArgs, @Ctx() ctx: Scoped): string {
    return JSON.stringify({ instance: page instanceof LeanPageArgs, keys: Object.keys(page).sort(), page, who: ctx.scopes });
  }

  @Authorized("things:read", "boom")
  @Query(() => String, { nullable: true })
  exploding(): string {
    return "never";
  }

  @Authorized()
  @Query(() => String, { nullable: true })
  anyone(): string {
    return "anyone";
  }

  @Query(() => String)
  listed(@Arg("ids", () => [[GraphQLID]]) ids: string[][], @Arg("word", () => String, { nullable: true }) word?: string): string {
    return JSON.stringify({ ids, word: word ?? null, nested: Array.isArray(ids[0]) });
  }

  @Query(() => String)
  filtered(@Arg("filter", () => LeanFilter) filter: LeanFilter): string {
    return `${filter instanceof LeanFilter} ${filter.word}`;
  }
}

const scopedChecker = ({ context }: { context: Scoped }, roles: string[]) => {
  if (roles.includes("boom")) throw new Error("checker says no");
  const ok = context.scopes.length > 0 && roles.every((r) => context.scopes.includes(r));
  // A checker may answer later, through any thenable: never taken as a yes before it answers.
  if (context.scopes.includes("later")) return { then: (done: (v: boolean) => void) => setTimeout(() => done(ok), 1) } as unknown as boolean;
  return ok;
};

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

  it("answers argument-taking and @Authorized fields exactly as type-graphql does, once told its options", async () => {
    const resolvers = [GuardedResolver, LeanThingResolver] as const;
    const options = { authChecker: scopedChecker, authMode: "error", validate: false } as const;
    const untouched = await buildSchema({ resolvers, ...options });
    const lean = leanResolvers(await buildSchema({ resolvers, ...options }), resolvers, options);
    const query = lean.getQueryType()!.getFields();
    for (const name of ["page", "exploding", "anyone", "listed"]) expect(isLeanResolver(query[name]!.resolve), name).toBe(true);
    expect(isLeanResolver(query.filtered!.resolve)).toBe(false); // an input class: type-graphql builds its instance
    // An @Authorized property: lean too, behind the checker.
    expect(isLeanResolver((lean.getType("LeanThing") as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields().secret!.resolve)).toBe(true);
    const cases: [string, Scoped][] = [
      [`{ page }`, { scopes: ["things:read"] }],
      [`{ page(first: 3, after: "c", ids: "one", shade: DARK, size: null) }`, { scopes: ["things:read"] }],
      [`{ page(ids: ["a", "b"], size: 9) }`, { scopes: ["things:read", "other"] }],
      [`{ page(first: 1) }`, { scopes: ["other"] }],
      [`{ page(first: 1) }`, { scopes: [] }],
      [`{ exploding }`, { scopes: ["things:read"] }],
      [`{ anyone }`, { scopes: [] }],
      [`{ anyone }`, { scopes: ["x"] }],
      [`{ listed(ids: [["a"], ["b", "c"]]) }`, { scopes: [] }],
      [`{ listed(ids: "a", word: "w") }`, { scopes: [] }],
      [`{ filtered(filter: { word: "w" }) }`, { scopes: [] }],
      [`{ a: page(first: 2) b: anyone c: exploding }`, { scopes: ["things:read"] }],
      [`{ thing { plain secret } }`, { scopes: ["secret:read"] }],
      [`{ thing { plain secret } }`, { scopes: ["things:read"] }],
      [`{ page(first: 1) anyone }`, { scopes: ["later", "other"] }],
      [`{ page(first: 1) }`, { scopes: ["later", "things:read"] }],
    ];
    for (const [q, ctx] of cases) {
      const run = (s: GraphQLSchema) => execute({ schema: s, document: parse(q), contextValue: ctx });
      const [want, got] = [await run(untouched), await run(lean)];
      expect(JSON.stringify(got), q).toBe(JSON.stringify(want));
    }
    const denied = await execute({ schema: lean, document: parse(`{ page(first: 1) }`), contextValue: { scopes: ["other"] } });
    expect(denied.errors?.[0]?.message).toMatch(/Access denied/);
    const page = await execute({ schema: lean, document: parse(`{ page(first: 3, ids: "one") }`), contextValue: { scopes: ["things:read"] } });
    expect(JSON.parse(page.data!.page as string)).toEqual({
      instance: true, keys: ["first", "ids", "size"], page: { size: 7, first: 3, ids: ["one"] }, who: ["things:read"],
    });
  });

  it("takes the per-node fields of the picker's read and the authorized pages off type-graphql's wrappers in the gateway's schema", async () => {
    const gateway = await gatewaySchema();
    const field = (type: string, name: string) => {
      const f = (gateway.getType(type) as unknown as { getFields(): Record<string, { resolve?: GraphQLFieldResolver<unknown, unknown> }> }).getFields()[name]!;
      return { resolve: f.resolve && unguarded(f.resolve) }; // argument-taking fields are behind the argument guard
    };
    expect(isLeanResolver(field("EffectiveSkill", "skill").resolve)).toBe(true);
    expect(isLeanResolver(field("EffectiveSkill", "source").resolve)).toBe(true);
    expect(isLeanResolver(field("Skill", "id").resolve)).toBe(true);
    // @Authorized, behind the gateway's checker; with connection arguments: the nested page of issue 9.
    expect(isLeanResolver(field("SkillVersion", "instructions").resolve)).toBe(true);
    expect(isLeanResolver(field("Skill", "assignedAgents").resolve)).toBe(true);
    expect(isLeanResolver(field("Query", "skill").resolve)).toBe(true);
    expect(isLeanResolver(field("Query", "skills").resolve)).toBe(false); // a SkillFilter input: type-graphql builds its instance
  });
});
