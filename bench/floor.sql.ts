// The statements the gateway sends for the bench's queries (LOG_SQL=1, or
// BENCH_SHOW_SQL=1 with the bench, prints them), written out for the floor in
// each dialect; the joined assignments-with-agents text is the gateway's own function.
import { AGENT_COLUMNS, ASSIGNMENT_COLUMNS, assignmentsWithAgentText } from "../src/db/hot-reads.js";

export type Dialect = "sqlite" | "postgres";

function build(d: Dialect) {
  const ph = (n: number) => (d === "sqlite" ? "?" : `$${n}`);
  return {
    // The gateway's hot reads (src/db/hot-reads.ts): one text, keys as one array parameter.
    hot: (table: string, column: string, orderBy = "") =>
      `SELECT * FROM "${table}" WHERE "tenantId" = ${ph(1)} AND "${column}" ${d === "sqlite" ? "IN (SELECT value FROM json_each(?))" : "= ANY($2::text[])"}${orderBy}`,
    keys: (ids: readonly string[]): unknown => (d === "sqlite" ? JSON.stringify(ids) : ids),
    // A skill's assignments with their agents: the gateway's own text (src/db/hot-reads.ts), rows as arrays.
    assignmentsWithAgent: assignmentsWithAgentText(d === "postgres"),
    assignmentColumns: ASSIGNMENT_COLUMNS,
    agentColumns: AGENT_COLUMNS,
    // The unfiltered first page of skills (src/db/hot-reads.ts skillPage): tenant and limit.
    skillsPage: `SELECT * FROM "Skill" WHERE "tenantId" = ${ph(1)} AND "lifecycle" <> 'DELETED' ORDER BY "id" ASC LIMIT ${ph(2)}`,
  };
}

export const FLOOR_SQL = { sqlite: build("sqlite"), postgres: build("postgres") };
