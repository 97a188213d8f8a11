// The hottest reads (a skill, an agent or a user by id, a skill's assignments alone or
// joined with their agents, the unfiltered page of skills) as prepared statements with one fixed SQL text
// whatever the batch size: the keys travel as one array parameter (json_each on
// SQLite, ANY($2) on PostgreSQL). They run on the driver beside Prisma (db/direct-reads.ts), which
// the throughput profile showed compiling every call, raw ones included, as the
// largest single cost of a small query (bench/throughput.ts). Rows come back with
// the same shapes and types as findMany's (Date, boolean, parsed Json):
// test/api/hot-reads.test.ts compares them with Prisma's on both databases, so a
// column added to one of these tables without a line here fails there.
import type { Database } from "./client.js";
import type { DirectRow } from "./direct-reads.js";

type Table = "Skill" | "Agent" | "AgentSkillAssignment" | "User";

/** The columns SQLite hands back in storage form (ISO text, 0/1, JSON text). */
const DECODE: Record<Table, { dates: string[]; booleans: string[]; json: string[] }> = {
  Skill: { dates: ["createdAt", "updatedAt", "deletedAt"], booleans: ["hasDraftChanges", "locked"], json: ["toolIds", "metadata"] },
  Agent: { dates: ["createdAt"], booleans: [], json: [] },
  AgentSkillAssignment: { dates: ["assignedAt"], booleans: ["enabled"], json: ["config"] },
  User: { dates: ["deprovisionedAt", "createdAt", "updatedAt"], booleans: [], json: ["scimName"] },
};

function decoder(table: Table): (row: DirectRow) => DirectRow {
  const { dates, booleans, json } = DECODE[table];
  return (row) => {
    for (const c of dates) if (row[c] !== null && row[c] !== undefined) row[c] = new Date(row[c] as string | number);
    for (const c of booleans) if (row[c] !== null && row[c] !== undefined) row[c] = Number(row[c]) === 1;
    for (const c of json) if (typeof row[c] === "string") row[c] = JSON.parse(row[c] as string);
    return row;
  };
}

/** Every column of the two tables, in schema order: the joined read names each (test/api/hot-reads.test.ts holds it to findMany's). */
export const ASSIGNMENT_COLUMNS = ["tenantId", "id", "agentId", "skillId", "skillVersion", "enabled", "priority", "config", "assignedAt", "assignedBy"] as const;
export const AGENT_COLUMNS = ["tenantId", "id", "name", "description", "status", "createdAt"] as const;

/** The tenant's parameter and the keys' test (one array parameter) in each dialect. */
const placeholders = (postgres: boolean) => (postgres ? ["$1", "= ANY($2::text[])"] : ["?", "IN (SELECT value FROM json_each(?))"]);

/**
 * A skill's assignments with each one's agent, for Skill.assignedAgents when its nodes
 * ask for the agent: one statement where there were two (the agent by id after the
 * assignments). LEFT JOIN, so an assignment whose agent is gone is still listed, as the
 * two statements list it; its agent is then null and the agent loader asks again.
 * Columns by name, read as arrays: ASSIGNMENT_COLUMNS then AGENT_COLUMNS. (The
 * throughput floor sends this same text.)
 */
export function assignmentsWithAgentText(postgres: boolean): string {
  const [tenant, keys] = placeholders(postgres);
  return (
    `SELECT ${ASSIGNMENT_COLUMNS.map((c) => `a."${c}"`).join(", ")}, ${AGENT_COLUMNS.map((c) => `g."${c}"`).join(", ")} ` +
    `FROM "AgentSkillAssignment" a LEFT JOIN "Agent" g ON g."tenantId" = a."tenantId" AND g."id" = a."agentId" ` +
    `WHERE a."tenantId" = ${tenant} AND a."skillId" ${keys} ORDER BY a."assignedAt" ASC, a."agentId" ASC`
  );
}
/** Where a joined assignment row carries its agent: a symbol key, which no GraphQL field can name. */
export const JOINED_AGENT = Symbol("joinedAgent");

const made = new WeakMap<object, Map<string, ReturnType<typeof makeHotReads>>>();

/** The tenant's hot reads, made once per database and tenant (they are closures over both). */
export function hotReads(db: Pick<Database, "kind" | "direct">, tenantId: string): ReturnType<typeof makeHotReads> {
  let byTenant = made.get(db.direct);
  if (!byTenant) made.set(db.direct, (byTenant = new Map()));
  let reads = byTenant.get(tenantId);
  if (!reads) byTenant.set(tenantId, (reads = makeHotReads(db, tenantId)));
  return reads;
}

function makeHotReads(db: Pick<Database, "kind" | "direct">, tenantId: string) {
  const postgres = db.kind === "postgres";
  const [tenant, keys] = placeholders(postgres);
  const param = (ids: string[]) => (postgres ? ids : JSON.stringify(ids));
  const run = (table: Table, text: string) => {
    const decode = db.direct.typed ? null : decoder(table);
    return async <Row>(params: unknown[]): Promise<Row[]> => {
      const rows = await db.direct.query(text, [tenantId, ...params]);
      return (decode ? rows.map(decode) : rows) as Row[];
    };
  };
  const byKey = (table: Table, column: string, orderBy = "") => {
    const read = run(table, `SELECT * FROM "${table}" WHERE "tenantId" = ${tenant} AND "${column}" ${keys}${orderBy}`);
    return <Row>(ids: string[]) => read<Row>([param(ids)]);
  };
  // Skills that are not DELETED, by id, after or before a cursor: four fixed texts.
  const [p2, p3] = postgres ? ["$2", "$3"] : ["?", "?"];
  const live = `SELECT * FROM "Skill" WHERE "tenantId" = ${tenant} AND "lifecycle" <> 'DELETED'`;
  const pages = {
    first: run("Skill", `${live} ORDER BY "id" ASC LIMIT ${p2}`),
    after: run("Skill", `${live} AND "id" > ${p2} ORDER BY "id" ASC LIMIT ${p3}`),
    last: run("Skill", `${live} ORDER BY "id" DESC LIMIT ${p2}`),
    before: run("Skill", `${live} AND "id" < ${p2} ORDER BY "id" DESC LIMIT ${p3}`),
  };
  // Both objects of a joined row are built whole, in one shape.
  const joinedText = assignmentsWithAgentText(postgres);
  const [decodeAssignment, decodeAgent] = db.direct.typed ? [null, null] : [decoder("AgentSkillAssignment"), decoder("Agent")];
  const joined = (cells: unknown[]): DirectRow => {
    const row: DirectRow = {};
    let i = 0;
    for (const c of ASSIGNMENT_COLUMNS) row[c] = cells[i++];
    let agent: DirectRow | null = null;
    if (cells[i + 1] !== null && cells[i + 1] !== undefined) {
      agent = {};
      for (const c of AGENT_COLUMNS) agent[c] = cells[i++];
      decodeAgent?.(agent);
    }
    decodeAssignment?.(row);
    (row as Record<PropertyKey, unknown>)[JOINED_AGENT] = agent;
    return row;
  };
  return {
    skills: byKey("Skill", "id"),
    agents: byKey("Agent", "id"),
    users: byKey("User", "id"),
    assignmentsBySkill: byKey("AgentSkillAssignment", "skillId", ` ORDER BY "assignedAt" ASC, "agentId" ASC`),
    /** assignmentsBySkill's rows, each with its agent's row (or null) under JOINED_AGENT. */
    async assignmentsBySkillWithAgent<Row>(ids: string[]): Promise<Array<Row & { [JOINED_AGENT]: DirectRow | null }>> {
      return (await db.direct.queryArrays(joinedText, [tenantId, param(ids)])).map(joined) as Array<Row & { [JOINED_AGENT]: DirectRow | null }>;
    },
    /** Up to `take` live skills in id order from the cursor (exclusive), descending when backward. */
    skillPage<Row>(cursor: string | null, backward: boolean, take: number): Promise<Row[]> {
      if (cursor === null) return (backward ? pages.last : pages.first)<Row>([take]);
      return (backward ? pages.before : pages.after)<Row>([cursor, take]);
    },
  };
}
