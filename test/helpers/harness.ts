// Runs operations through the real schema, context and error formatting, on a
// real database, and counts the SQL statements each operation issued.
import { graphql as execute, type GraphQLFormattedError } from "graphql";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createContext } from "../../src/api/context.js";
import { formatError } from "../../src/api/errors.js";
import { gatewaySchema } from "../../src/api/schema.js";
import { SCOPES, type Scope } from "../../src/auth/token.js";
import { statementCounter } from "../../src/db/client.js";
import { ensureTenant } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

export interface As {
  tenant?: string;
  scopes?: Scope[];
  sub?: string;
}

export interface Result<T = any> {
  data: T | null;
  errors?: GraphQLFormattedError[];
  statements: number;
}

export interface TestGateway {
  app: App;
  db: TestDatabase;
  run<T = any>(query: string, variables?: Record<string, unknown>, as?: As): Promise<Result<T>>;
  /** Like run, but fails the test on any error. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, as?: As): Promise<T>;
  close(): Promise<void>;
}

export const TENANT = "acme";

export async function createTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const db = await createTestDatabase();
  const config = loadConfig({ JWT_SECRET: "test-secret", DATABASE_URL: db.url, SEED_DEMO_DATA: "0", ...env });
  const app = await createApp(config, { countStatements: true });
  const schema = await gatewaySchema();

  async function run<T>(query: string, variables: Record<string, unknown> = {}, as: As = {}): Promise<Result<T>> {
    const tenantId = as.tenant ?? TENANT;
    const sub = as.sub ?? "user:tester@acme.test";
    await ensureTenant(app.db.prisma, tenantId);
    const principal = {
      subject: sub,
      tenantId,
      scopes: as.scopes ?? [...SCOPES],
      agentId: sub.startsWith("agent:") ? sub.slice(6) : null,
    };
    const store = { statements: 0 };
    const result = await statementCounter.run(store, () =>
      execute({ schema, source: query, variableValues: variables, contextValue: createContext(app, principal) }),
    );
    return {
      data: (result.data as T) ?? null,
      errors: result.errors?.map((e) => formatError(e.toJSON(), e)),
      statements: store.statements,
    };
  }

  return {
    app,
    db,
    run,
    async ok<T>(query: string, variables?: Record<string, unknown>, as?: As): Promise<T> {
      const r = await run<T>(query, variables, as);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
      return r.data as T;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export function codeOf(r: Result): string | undefined {
  return r.errors?.[0]?.extensions?.code as string | undefined;
}
