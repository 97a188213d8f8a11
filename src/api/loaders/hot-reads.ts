// The hottest relation reads (a skill or an agent by id, a skill's assignments)
// as raw statements with one fixed SQL text whatever the batch size: the keys
// travel as one array parameter (json_each on SQLite, ANY($2) on PostgreSQL).
// Through Prisma, so statement counting and the connection pool stay as they
// are, but without Prisma's per-call query compilation, which the throughput
// profile showed as the largest single cost (bench/throughput.ts). Rows come
// back with the same shapes and types as findMany's (Date, boolean, parsed Json).
import type { DbKind } from "../../config.js";
import type { Db } from "../../db/client.js";

type Table = "Skill" | "Agent" | "AgentSkillAssignment";

export function hotReads(prisma: Db, kind: DbKind, tenantId: string) {
  const [tenant, keys] = kind === "postgres" ? ["$1", "= ANY($2::text[])"] : ["?", "IN (SELECT value FROM json_each(?))"];
  const param = (ids: string[]) => (kind === "postgres" ? ids : JSON.stringify(ids));
  const byKey = (table: Table, column: string, orderBy = "") => {
    const text = `SELECT * FROM "${table}" WHERE "tenantId" = ${tenant} AND "${column}" ${keys}${orderBy}`;
    return <Row>(ids: string[]) => prisma.$queryRawUnsafe<Row[]>(text, tenantId, param(ids));
  };
  return {
    skills: byKey("Skill", "id"),
    agents: byKey("Agent", "id"),
    assignmentsBySkill: byKey("AgentSkillAssignment", "skillId", ` ORDER BY "assignedAt" ASC, "agentId" ASC`),
  };
}
