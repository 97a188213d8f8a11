// The statements the gateway sends for the bench's queries (LOG_SQL=1 prints them),
// written out for the floor in each dialect, column for column.
export type Dialect = "sqlite" | "postgres";

const SKILL = ["tenantId", "id", "name", "slug", "description", "category", "publisher", "source", "lifecycle", "currentVersion",
  "hasDraftChanges", "locked", "listingRef", "listingVersion", "toolIds", "metadata", "repositoryId", "path", "templateId",
  "scanStatus", "searchText", "createdAt", "updatedAt", "deletedAt"];
const ASSIGNMENT = ["tenantId", "id", "agentId", "skillId", "skillVersion", "enabled", "priority", "config", "assignedAt", "assignedBy"];
const AGENT = ["tenantId", "id", "name", "status", "createdAt"];

function build(d: Dialect) {
  const q = (s: string) => (d === "sqlite" ? `\`${s}\`` : `"${s}"`);
  const schema = d === "sqlite" ? "main" : "public";
  const t = (table: string) => `${q(schema)}.${q(table)}`;
  const cols = (table: string, names: string[]) => names.map((c) => `${t(table)}.${q(c)}`).join(", ");
  // Placeholders numbered from `from` (PostgreSQL) or plain `?` (SQLite).
  const ph = (from: number, n: number) => Array.from({ length: n }, (_, i) => (d === "sqlite" ? "?" : `$${from + i}`)).join(",");
  const unlimited = (from: number) => (d === "sqlite" ? `LIMIT ? OFFSET ?` : `OFFSET $${from}`);
  return {
    /** Trailing LIMIT/OFFSET values of a findMany without `take`. */
    tail: (offset: number): unknown[] => (d === "sqlite" ? [-1, offset] : [offset]),
    // The gateway's hot loaders (src/api/loaders/hot-reads.ts): one text, keys as one array parameter.
    hot: (table: string, column: string, orderBy = "") =>
      `SELECT * FROM "${table}" WHERE "tenantId" = ${d === "sqlite" ? "?" : "$1"} AND "${column}" ${d === "sqlite" ? "IN (SELECT value FROM json_each(?))" : "= ANY($2::text[])"}${orderBy}`,
    keys: (ids: readonly string[]): unknown => (d === "sqlite" ? JSON.stringify(ids) : ids),
    skillById: `SELECT ${cols("Skill", SKILL)} FROM ${t("Skill")} WHERE (${t("Skill")}.${q("tenantId")} = ${ph(1, 1)} AND ${t("Skill")}.${q("id")} IN (${ph(2, 1)})) ${unlimited(3)}`,
    skillsPage: `SELECT ${cols("Skill", SKILL)} FROM ${t("Skill")} WHERE (${t("Skill")}.${q("tenantId")} = ${ph(1, 1)} AND ${t("Skill")}.${q("lifecycle")} IN (${ph(2, 4)})) ORDER BY ${t("Skill")}.${q("id")} ASC LIMIT ${ph(6, 1)} OFFSET ${ph(7, 1)}`,
    assignmentsBySkill: (n: number) =>
      `SELECT ${cols("AgentSkillAssignment", ASSIGNMENT)} FROM ${t("AgentSkillAssignment")} WHERE (${t("AgentSkillAssignment")}.${q("tenantId")} = ${ph(1, 1)} AND ${t("AgentSkillAssignment")}.${q("skillId")} IN (${ph(2, n)})) ORDER BY ${t("AgentSkillAssignment")}.${q("assignedAt")} ASC, ${t("AgentSkillAssignment")}.${q("agentId")} ASC ${unlimited(n + 2)}`,
    agentsById: (n: number) =>
      `SELECT ${cols("Agent", AGENT)} FROM ${t("Agent")} WHERE (${t("Agent")}.${q("tenantId")} = ${ph(1, 1)} AND ${t("Agent")}.${q("id")} IN (${ph(2, n)})) ${unlimited(n + 2)}`,
  };
}

export const FLOOR_SQL = { sqlite: build("sqlite"), postgres: build("postgres") };
