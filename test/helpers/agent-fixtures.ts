// Catalog and agent set-up through the public mutations, for the agent tests.
import type { TestGateway } from "./harness.js";
import { resolveEntitlements } from "../../src/entitlements/resolve.js";
import { loadWorld } from "../../src/services/entitlement-data.js";

export type Lifecycle = "DRAFT" | "ACTIVE" | "DEPRECATED" | "ARCHIVED" | "DELETED";

/** A skill in the given lifecycle; every lifecycle but DRAFT has version 1.0.0 deployed. */
export async function makeSkill(gw: TestGateway, id: string, lifecycle: Lifecycle = "ACTIVE"): Promise<void> {
  await gw.ok(`mutation($id: ID!, $name: String!) { createSkill(input: { id: $id, name: $name, instructions: "# Do it" }) { skill { id } } }`, { id, name: id });
  if (lifecycle === "DRAFT") return;
  await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
  if (lifecycle !== "ACTIVE") {
    await gw.ok(`mutation($id: ID!, $l: SkillLifecycle!) { setSkillLifecycle(id: $id, lifecycle: $l) { skill { id } } }`, { id, l: lifecycle });
  }
}

/** Several skills, each in its lifecycle. */
export async function makeSkills(gw: TestGateway, skills: readonly (readonly [string, Lifecycle])[]): Promise<void> {
  for (const [id, lifecycle] of skills) await makeSkill(gw, id, lifecycle);
}

/** The part of an EntitlementChangePayload a dry run must answer exactly as the real call. */
export function comparable(c: { added: string[]; removed: string[]; affectedUsers: number; warnings: string[] }) {
  return { added: c.added, removed: c.removed, affectedUsers: c.affectedUsers, warnings: c.warnings };
}

export async function makeAgent(gw: TestGateway, id: string, name = id): Promise<void> {
  await gw.ok(`mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }`, { input: { id, name } });
}

export async function assign(gw: TestGateway, agentId: string, skillId: string, priority = 0): Promise<void> {
  await gw.ok(`mutation($input: AssignSkillInput!) { assignSkill(input: $input) { assignment { id } } }`, {
    input: { agentId, skillId, priority },
  });
}

/** The governance events of one kind, oldest first, straight from the log. */
export function eventsOf(gw: TestGateway, kind: string) {
  return gw.app.db.prisma.governanceEvent.findMany({ where: { kind }, orderBy: { seq: "asc" } });
}

/** A user's effective skill ids now, straight from the data (independent of the GraphQL layer). */
export async function effectiveSkillIds(gw: TestGateway, tenantId: string, userId: string): Promise<string[]> {
  const world = await loadWorld(gw.app.db.prisma, tenantId, { kind: "users", ids: [userId] }, null);
  return resolveEntitlements(world.users.get(userId)!, world.skills, world.now).effective.map((e) => e.skillId);
}
