// Agent skill assignments (filled in with the agents work).
import type { Order } from "../api/pagination.js";
import type { Tx } from "../db/client.js";

export type AssignmentRow = Awaited<ReturnType<Tx["agentSkillAssignment"]["findUniqueOrThrow"]>>;

/** Skill.assignedAgents: assignedAt, then agent id. */
export const assignmentOrderBySkill: Order<AssignmentRow> = [
  { field: "assignedAt", dir: "asc", kind: "date" },
  { field: "agentId", dir: "asc", kind: "string" },
];

/** Agent.skills: priority descending, then skill id. */
export const assignmentOrderByAgent: Order<AssignmentRow> = [
  { field: "priority", dir: "desc", kind: "int" },
  { field: "skillId", dir: "asc", kind: "string" },
];
