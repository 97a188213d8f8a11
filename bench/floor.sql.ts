// The statements the gateway sends for the bench's queries (LOG_SQL=1, or
// BENCH_SHOW_SQL=1 with the bench, prints them), written out for the floor in
// each dialect.
export type Dialect = "sqlite" | "postgres";

const ASSIGNMENT_COLUMNS = ["tenantId", "id", "agentId", "skillId", "skillVersion", "enabled", "priority", "config", "assignedAt", "assignedBy"];
const AGENT_COLUMNS = ["tenantId", "id", "name", "description", "status", "createdAt"];

function build(d: Dialect) {
  const ph = (n: number) => (d === "sqlite" ? "?" : `$${n}`);
  return {
    // The gateway's hot reads (src/db/hot-reads.ts): one text, keys as one array parameter.
    hot: (table: string, column: string, orderBy = "") =>
      `SELECT * FROM "${table}" WHERE "tenantId" = ${ph(1)} AND "${column}" ${d === "sqlite" ? "IN (SELECT value FROM json_each(?))" : "= ANY($2::text[])"}${orderBy}`,
    keys: (ids: readonly string[]): unknown => (d === "sqlite" ? JSON.stringify(ids) : ids),
    // A skill's assignments with their agents (src/db/hot-reads.ts assignmentsBySkillWithAgent), rows as arrays.
    assignmentsWithAgent:
      `SELECT ${ASSIGNMENT_COLUMNS.map((c) => `a."${c}"`).join(", ")}, ${AGENT_COLUMNS.map((c) => `g."${c}"`).join(", ")} ` +
      `FROM "AgentSkillAssignment" a LEFT JOIN "Agent" g ON g."tenantId" = a."tenantId" AND g."id" = a."agentId" ` +
      `WHERE a."tenantId" = ${ph(1)} AND a."skillId" ${d === "sqlite" ? "IN (SELECT value FROM json_each(?))" : "= ANY($2::text[])"} ORDER BY a."assignedAt" ASC, a."agentId" ASC`,
    assignmentColumns: ASSIGNMENT_COLUMNS,
    agentColumns: AGENT_COLUMNS,
    // The unfiltered first page of skills (src/db/hot-reads.ts skillPage): tenant and limit.
    skillsPage: `SELECT * FROM "Skill" WHERE "tenantId" = ${ph(1)} AND "lifecycle" <> 'DELETED' ORDER BY "id" ASC LIMIT ${ph(2)}`,
  };
}

export const FLOOR_SQL = { sqlite: build("sqlite"), postgres: build("postgres") };
