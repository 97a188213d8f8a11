// What an agent loads to use a skill (the skill_query tool): the instructions
// and files of the version its assignment pins. Errors raised here:
//   BAD_USER_INPUT no agentId and the caller is not an agent
//   FORBIDDEN      an agent asking for another agent; no enabled assignment;
//                  the agent is PAUSED or ARCHIVED; the skill is ARCHIVED,
//                  DELETED or held by the quarantine policy
//   NOT_FOUND      the skill, the agent or the reference file does not exist
import type { RequestContext as Context } from "../core/context.js";
import { isQuarantined } from "./skill-rules.js";
import { DomainError, badInput, forbidden, notFound } from "../core/errors.js";
import type { ReferenceFileData } from "../catalog/content.js";
import { contentOf, type SkillRow } from "../catalog/store.js";

export interface SkillContentView {
  skill: SkillRow;
  version: string;
  instructions: string;
  references: ReferenceFileData[];
  availableReferences: string[];
  availableScripts: string[];
}

const UNAVAILABLE_LIFECYCLES = new Set(["ARCHIVED", "DELETED"]);

export async function skillContent(
  ctx: Context,
  skillId: string,
  agentId: string | null | undefined,
  referenceFile: string | null | undefined,
): Promise<SkillContentView> {
  const caller = ctx.principal.agentId;
  const target = agentId ?? caller;
  if (!target) throw badInput("agentId is required unless the caller is an agent", "agentId");
  // Checked before any lookup, so an agent cannot probe what other agents hold.
  if (caller && caller !== target) throw forbidden(`Agent "${caller}" may only load its own skills`);

  const prisma = ctx.app.db.prisma;
  const [skill, agent, assignment, tenant] = await Promise.all([
    prisma.skill.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id: skillId } } }),
    prisma.agent.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id: target } } }),
    prisma.agentSkillAssignment.findUnique({
      where: { tenantId_agentId_skillId: { tenantId: ctx.tenantId, agentId: target, skillId } },
    }),
    prisma.tenant.findUnique({ where: { id: ctx.tenantId }, select: { quarantineMode: true } }),
  ]);
  if (!skill) throw notFound("Skill", skillId, "skillId");
  if (!agent) throw notFound("Agent", target, "agentId");
  if (agent.status !== "ACTIVE") throw forbidden(`Agent "${target}" is ${agent.status}`);
  if (UNAVAILABLE_LIFECYCLES.has(skill.lifecycle)) throw forbidden(`Skill "${skillId}" is ${skill.lifecycle}`);
  if (!assignment?.enabled) throw forbidden(`Agent "${target}" holds no enabled assignment of skill "${skillId}"`);
  if (isQuarantined(skill.scanStatus, tenant?.quarantineMode)) {
    throw forbidden(`Skill "${skillId}" is quarantined`);
  }

  const row = await prisma.skillVersion.findUnique({
    where: { tenantId_skillId_key: { tenantId: ctx.tenantId, skillId, key: assignment.skillVersion } },
  });
  if (!row) {
    throw new DomainError("NOT_FOUND", `Version ${assignment.skillVersion} of skill "${skillId}" not found`, { field: "skillId" });
  }
  const content = contentOf(row);
  const availableReferences = content.references.map((r) => r.filename);
  let references: ReferenceFileData[] = [];
  if (referenceFile != null) {
    const ref = content.references.find((r) => r.filename === referenceFile);
    if (!ref) throw notFound("Reference file", referenceFile, "referenceFile");
    references = [ref];
  }
  return {
    skill,
    version: row.version,
    instructions: content.instructions,
    references,
    availableReferences,
    availableScripts: content.scripts,
  };
}
