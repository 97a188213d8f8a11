// The argument shortcut (src/api/argument-values.ts): a field that declares no argument
// gets the one frozen empty object, a field that declares any still gets graphql-js's
// coercion (defaults, variables, errors), and the gateway's schema installs it.
import { describe, expect, it } from "vitest";
import { buildSchema, execute, parse, type GraphQLFieldResolver } from "graphql";
import { installFastArgumentValues, NO_ARGUMENTS } from "../../src/api/argument-values.js";
import { gatewaySchema } from "../../src/api/schema.js";

const seen: Record<string, unknown>[] = [];
const capture: GraphQLFieldResolver<unknown, unknown> = (_root, args) => (seen.push(args), "x");
const schema = buildSchema(`type Query { plain: String  withArgs(n: Int = 3, s: String, req: Int!): String  nested: Query }`);
const fields = schema.getQueryType()!.getFields();
fields.plain!.resolve = capture;
fields.withArgs!.resolve = capture;
fields.nested!.resolve = () => ({});

describe("argument values", () => {
  it("is what graphql-js's execute calls once installed (the gateway's schema installs it)", async () => {
    await gatewaySchema(); // installs it: nothing else in this file has yet
    seen.length = 0;
    const r = await execute({ schema, document: parse(`{ plain nested { plain nested { plain } } }`) });
    expect(r.errors).toBeUndefined();
    expect(seen).toHaveLength(3);
    for (const args of seen) expect(args).toBe(NO_ARGUMENTS);
    expect(Object.isFrozen(NO_ARGUMENTS) && Object.getPrototypeOf(NO_ARGUMENTS) === null && Object.keys(NO_ARGUMENTS)).toEqual([]);
  });

  it("leaves a field that declares arguments to graphql-js: defaults, literals, variables, errors", async () => {
    seen.length = 0;
    const r = await execute({ schema, document: parse(`query($s: String) { withArgs(req: 1, s: $s) other: withArgs(req: 2, n: 5) }`), variableValues: { s: "v" } });
    expect(r.errors).toBeUndefined();
    expect(seen.map((a) => ({ ...a }))).toEqual([{ n: 3, s: "v", req: 1 }, { n: 5, req: 2 }]);
    for (const args of seen) expect(args).not.toBe(NO_ARGUMENTS);
    const missing = await execute({ schema, document: parse(`{ withArgs }`) });
    expect(missing.errors?.[0]?.message).toMatch(/Argument "req" of required type "Int!" was not provided/);
    const wrong = await execute({ schema, document: parse(`query($n: Int) { withArgs(req: $n) }`), variableValues: {} });
    expect(wrong.errors?.[0]?.message).toMatch(/req/);
  });

  it("installs once: a second call says so and keeps the same function", async () => {
    const values = (await import("node:module")).createRequire(import.meta.url)("graphql/execution/values.js") as { getArgumentValues: unknown };
    const first = values.getArgumentValues;
    expect(installFastArgumentValues()).toBe(true);
    expect(values.getArgumentValues).toBe(first);
  });
});
