// The throughput floor: what the bench's four queries cost with no framework.
// node:http, graphql-js `execute` over a hand-written schema of just the fields
// they touch, the same JWT check as the gateway, DataLoader batching, and the
// same SQL statements the gateway sends (LOG_SQL=1 prints those), over pg or
// better-sqlite3 directly. Parsed and validated documents are cached by text,
// as any production server does.
import http from "node:http";
import Database from "better-sqlite3";
import DataLoader from "dataloader";
import { buildSchema, execute, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import pg from "pg";
import { verifyAuthorization } from "../src/auth/token.js";
import { FLOOR_SQL, type Dialect } from "./floor.sql.js";

type Row = Record<string, unknown>;
type Query = (sql: string, params: unknown[]) => Promise<Row[]>;
type QueryArrays = (sql: string, params: unknown[]) => Promise<unknown[][]>;

function connect(url: string): { dialect: Dialect; query: Query; queryArrays: QueryArrays } {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    // Named, so prepared once per connection, as the gateway's hot reads are (src/db/direct-reads.ts).
    const names = new Map<string, string>();
    const nameOf = (sql: string) => {
      let name = names.get(sql);
      if (!name) names.set(sql, (name = `floor_${names.size}`));
      return name;
    };
    return {
      dialect: "postgres",
      query: async (sql, params) => (await pool.query({ name: nameOf(sql), text: sql, values: params })).rows,
      queryArrays: async (sql, params) => (await pool.query({ name: nameOf(sql), text: sql, values: params, rowMode: "array" })).rows,
    };
  }
  const db = new Database(url.slice("file:".length), { readonly: true });
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string, raw: boolean) => {
    const key = `${raw}\u0000${sql}`;
    let st = prepared.get(key);
    if (!st) prepared.set(key, (st = raw ? db.prepare(sql).raw(true) : db.prepare(sql)));
    return st;
  };
  return {
    dialect: "sqlite",
    query: async (sql, params) => statement(sql, false).all(...params) as Row[],
    queryArrays: async (sql, params) => statement(sql, true).all(...params) as unknown[][],
  };
}

const { dialect, query, queryArrays } = connect(process.env.DATABASE_URL!);
const sql = FLOOR_SQL[dialect];

interface Ctx {
  tenantId: string;
  assignments: DataLoader<string, Row[]>;
  agent: DataLoader<string, Row | null>;
}

function loaders(tenantId: string): Ctx {
  return {
    tenantId,
    assignments: new DataLoader(async (ids) => {
      // Joined with their agents, as the gateway reads them when the agent is asked for; Assignment.agent answers from the row.
      const by = new Map<string, Row[]>(ids.map((id) => [id, []]));
      const n = sql.assignmentColumns.length;
      for (const cells of await queryArrays(sql.assignmentsWithAgent, [tenantId, sql.keys(ids)])) {
        const a: Row = {};
        sql.assignmentColumns.forEach((c, i) => (a[c] = cells[i]));
        if (cells[n + 1] !== null) {
          const g: Row = {};
          sql.agentColumns.forEach((c, i) => (g[c] = cells[n + i]));
          a.agent = g;
        }
        by.get(a.skillId as string)!.push(a);
      }
      return ids.map((id) => by.get(id)!);
    }),
    agent: new DataLoader(async (ids) => {
      const rows = await query(sql.hot("Agent", "id"), [tenantId, sql.keys(ids)]);
      const by = new Map(rows.map((r) => [r.id as string, r]));
      return ids.map((id) => by.get(id) ?? null);
    }),
  };
}

const schema: GraphQLSchema = buildSchema(`
  type Query { skill(id: ID!): Skill  skills(first: Int): SkillConnection! }
  type SkillConnection { nodes: [Skill!]! }
  type Skill { id: ID! name: String! currentVersion: String assignedAgents(first: Int): AssignmentConnection! }
  type AssignmentConnection { nodes: [Assignment!]! }
  type Assignment { priority: Int! agent: Agent! }
  type Agent { id: ID! name: String! }
`);
const rootValue = {
  skill: async ({ id }: { id: string }, ctx: Ctx) => (await query(sql.hot("Skill", "id"), [ctx.tenantId, sql.keys([id])]))[0] ?? null,
  skills: async ({ first }: { first?: number }, ctx: Ctx) => {
    const size = first ?? 20;
    const rows = await query(sql.skillsPage, [ctx.tenantId, size + 1]);
    return { nodes: rows.slice(0, size) };
  },
};
const fields = schema.getType("Skill") as unknown as { getFields(): Record<string, { resolve?: unknown }> };
fields.getFields().assignedAgents.resolve = async (skill: Row, args: { first?: number }, ctx: Ctx) => ({
  nodes: (await ctx.assignments.load(skill.id as string)).slice(0, args.first ?? 20),
});
(schema.getType("Assignment") as unknown as typeof fields).getFields().agent.resolve = (a: Row, _: unknown, ctx: Ctx) =>
  a.agent ?? ctx.agent.load(a.agentId as string);

const documents = new Map<string, DocumentNode | readonly Error[]>();
function document(source: string): DocumentNode | readonly Error[] {
  let doc = documents.get(source);
  if (!doc) {
    try {
      const parsed = parse(source);
      const errors = validate(schema, parsed);
      doc = errors.length ? errors : parsed;
    } catch (e) {
      doc = [e as Error];
    }
    if (documents.size > 1000) documents.clear();
    documents.set(source, doc);
  }
  return doc;
}

const secret = process.env.JWT_SECRET!;
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
    };
    try {
      const principal = await verifyAuthorization(secret, req.headers.authorization);
      const { query: source, variables } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const doc = document(source);
      if (Array.isArray(doc)) return send(400, { errors: doc.map((e) => ({ message: e.message })) });
      const result = await execute({ schema, document: doc as DocumentNode, rootValue, contextValue: loaders(principal.tenantId), variableValues: variables });
      send(200, result);
    } catch (e) {
      send(401, { errors: [{ message: (e as Error).message }] });
    }
  });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1", () => console.log("floor ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
