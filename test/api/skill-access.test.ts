import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT, codeOf, createTestGateway, type As, type TestGateway } from "../helpers/harness.js";
import { PublishWorker } from "../../src/jobs/worker.js";
import { manifestFileName } from "../../src/jobs/publishers/file.js";
import { waitFor } from "../helpers/wait.js";

let gw: TestGateway;
let publishDir: string;

const OWNER = "user:owen@acme.test";
const MANAGER = "user:mia@acme.test";
const IN_GROUP = "user:gus@acme.test";
const OUTSIDER = "user:oz@acme.test";
const writer = (sub: string): As => ({ sub, scopes: ["skills:read", "skills:write"] });

beforeAll(async () => {
  publishDir = mkdtempSync(path.join(tmpdir(), "gw-access-"));
  gw = await createTestGateway({ PUBLISH_DIR: publishDir });
  await gw.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } } }`, {
    users: [OWNER, MANAGER, IN_GROUP, OUTSIDER].map((id) => ({ id, email: id.slice(5) })),
  });
  await gw.ok(`mutation { createGroup(input: { id: "skill-stewards", name: "Stewards" }) { id } }`);
  await gw.ok(`mutation($u: [ID!]!) { addGroupMembers(groupId: "skill-stewards", userIds: $u) { group { id } } }`, { u: [IN_GROUP] });
  await gw.ok(`mutation { createSkill(input: { id: "acme.owned", name: "Owned", instructions: "# v1" }) { skill { id } } }`, {}, writer(OWNER));
});
afterAll(async () => {
  await gw?.close();
  rmSync(publishDir, { recursive: true, force: true });
});

const SKILL = `query { skill(id: "acme.owned") { owner manageAccess viewerCanManage managers { users { id } groups { id } }
  pendingOwnershipTransfer { id status to { id } fromOwnerId requestedBy } } }`;
const UPDATE = `mutation { updateSkill(input: { id: "acme.owned", description: "edited" }) { skill { description } } }`;
const ACCESS = `mutation($input: SetSkillAccessInput!) { setSkillAccess(input: $input) { id manageAccess managers { users { id } groups { id } } } }`;

describe("owners and managers", () => {
  test("the creator owns the skill; by default everyone with skills:write manages it", async () => {
    expect((await gw.ok(SKILL, {}, writer(OUTSIDER))).skill).toMatchObject({ owner: OWNER, manageAccess: "EVERYONE_WITH_WRITE", viewerCanManage: true, pendingOwnershipTransfer: null });
    expect((await gw.ok(UPDATE, {}, writer(OUTSIDER))).updateSkill.skill.description).toBe("edited");
  });

  test("OWNER_AND_MANAGERS: owner, named users, members of named groups and admins may; anyone else is FORBIDDEN naming the rule", async () => {
    const input = { skillId: "acme.owned", manageAccess: "OWNER_AND_MANAGERS", managerUserIds: [MANAGER], managerGroupIds: ["skill-stewards"] };
    expect(codeOf(await gw.run(ACCESS, { input }, writer(OUTSIDER)))).toBe("FORBIDDEN");
    const set = (await gw.ok(ACCESS, { input }, writer(OWNER))).setSkillAccess;
    expect(set).toEqual({ id: "acme.owned", manageAccess: "OWNER_AND_MANAGERS", managers: { users: [{ id: MANAGER }], groups: [{ id: "skill-stewards" }] } });

    const denied = await gw.run(UPDATE, {}, writer(OUTSIDER));
    expect(denied.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(denied.errors?.[0].message).toMatch(/owner.*managers.*OWNER_AND_MANAGERS/);
    for (const op of [
      `mutation { deploySkill(id: "acme.owned") { skill { id } } }`,
      `mutation { setSkillLifecycle(id: "acme.owned", lifecycle: ARCHIVED) { skill { id } } }`,
      `mutation { deleteSkill(id: "acme.owned") { skill { id } } }`,
    ]) {
      expect(codeOf(await gw.run(op, {}, writer(OUTSIDER)))).toBe("FORBIDDEN");
    }
    expect((await gw.ok(SKILL, {}, writer(OUTSIDER))).skill.viewerCanManage).toBe(false);
    for (const who of [OWNER, MANAGER, IN_GROUP]) {
      expect((await gw.ok(SKILL, {}, writer(who))).skill.viewerCanManage).toBe(true);
      expect(codeOf(await gw.run(UPDATE, {}, writer(who)))).toBeUndefined();
    }
    expect(codeOf(await gw.run(UPDATE, {}, { sub: "user:admin@acme.test", scopes: ["admin"] }))).toBeUndefined();
    expect(await gw.app.db.prisma.governanceEvent.count({ where: { tenantId: TENANT, kind: "skill.access_changed" } })).toBe(1);
  });

  test("a manager without skills:write still cannot write; unknown managers are NOT_FOUND at their index", async () => {
    expect(codeOf(await gw.run(UPDATE, {}, { sub: MANAGER, scopes: ["skills:read"] }))).toBe("FORBIDDEN");
    const bad = await gw.run(ACCESS, { input: { skillId: "acme.owned", manageAccess: "OWNER_AND_MANAGERS", managerUserIds: [MANAGER, "user:ghost@acme.test"] } }, writer(OWNER));
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.managerUserIds.1" });
  });

  test("leaving the manager group ends the right; deleting the group removes it from the managers", async () => {
    await gw.ok(`mutation($u: [ID!]!) { removeGroupMembers(groupId: "skill-stewards", userIds: $u) { group { id } } }`, { u: [IN_GROUP] });
    expect(codeOf(await gw.run(UPDATE, {}, writer(IN_GROUP)))).toBe("FORBIDDEN");
    await gw.ok(`mutation { deleteGroup(id: "skill-stewards") { deleted { id } } }`);
    expect((await gw.ok(SKILL, {}, writer(OWNER))).skill.managers).toEqual({ users: [{ id: MANAGER }], groups: [] });
  });
});

describe("ownership transfer", () => {
  const REQUEST = `mutation($to: ID!) { requestSkillOwnershipTransfer(skillId: "acme.owned", toUserId: $to) { id status to { id } } }`;
  const decide = (verb: string) => `mutation($id: ID!) { ${verb}SkillOwnershipTransfer(transferId: $id) { id status decidedAt } }`;

  test("only the owner (or an admin) may offer it; the skill shows the pending transfer; a second offer is CONFLICT", async () => {
    expect(codeOf(await gw.run(REQUEST, { to: OUTSIDER }, writer(MANAGER)))).toBe("FORBIDDEN");
    const t = (await gw.ok(REQUEST, { to: MANAGER }, writer(OWNER))).requestSkillOwnershipTransfer;
    expect(t).toMatchObject({ status: "PENDING", to: { id: MANAGER } });
    expect((await gw.ok(SKILL, {}, writer(OWNER))).skill.pendingOwnershipTransfer).toMatchObject({ id: t.id, status: "PENDING", fromOwnerId: OWNER, requestedBy: OWNER });
    expect(codeOf(await gw.run(REQUEST, { to: OUTSIDER }, writer(OWNER)))).toBe("CONFLICT");
    expect(codeOf(await gw.run(decide("accept"), { id: t.id }, writer(OUTSIDER)))).toBe("FORBIDDEN");
    expect(codeOf(await gw.run(decide("accept"), { id: t.id }, writer(OWNER)))).toBe("FORBIDDEN");

    expect((await gw.ok(decide("decline"), { id: t.id }, writer(MANAGER))).declineSkillOwnershipTransfer).toMatchObject({ status: "DECLINED" });
    expect((await gw.ok(SKILL, {}, writer(OWNER))).skill).toMatchObject({ owner: OWNER, pendingOwnershipTransfer: null });
    expect(codeOf(await gw.run(decide("accept"), { id: t.id }, writer(MANAGER)))).toBe("CONFLICT");
  });

  test("the owner may cancel; the recipient accepting becomes the owner (and the old owner loses the right)", async () => {
    const c = (await gw.ok(REQUEST, { to: OUTSIDER }, writer(OWNER))).requestSkillOwnershipTransfer;
    expect((await gw.ok(decide("cancel"), { id: c.id }, writer(OWNER))).cancelSkillOwnershipTransfer.status).toBe("CANCELLED");

    const t = (await gw.ok(REQUEST, { to: OUTSIDER }, writer(OWNER))).requestSkillOwnershipTransfer;
    const accepted = (await gw.ok(decide("accept"), { id: t.id }, { sub: OUTSIDER, scopes: ["skills:read"] })).acceptSkillOwnershipTransfer;
    expect(accepted.status).toBe("ACCEPTED");
    expect(accepted.decidedAt).toBeTruthy();
    expect((await gw.ok(SKILL, {}, writer(OUTSIDER))).skill).toMatchObject({ owner: OUTSIDER, viewerCanManage: true, pendingOwnershipTransfer: null });
    expect(codeOf(await gw.run(UPDATE, {}, writer(OWNER)))).toBe("FORBIDDEN");
    expect(codeOf(await gw.run(UPDATE, {}, writer(OUTSIDER)))).toBeUndefined();
    const kinds = (await gw.app.db.prisma.governanceEvent.findMany({ where: { tenantId: TENANT, kind: { startsWith: "skill.ownership_transfer" } }, orderBy: { seq: "asc" } })).map((e) => e.kind);
    expect(kinds).toEqual([
      "skill.ownership_transfer_requested",
      "skill.ownership_transfer_declined",
      "skill.ownership_transfer_requested",
      "skill.ownership_transfer_cancelled",
      "skill.ownership_transfer_requested",
      "skill.ownership_transfer_accepted",
    ]);
  });

  test("errors: unknown recipient or transfer NOT_FOUND; the owner itself CONFLICT; other tenants see nothing", async () => {
    expect((await gw.run(REQUEST, { to: "user:ghost@acme.test" }, writer(OUTSIDER))).errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "toUserId" });
    expect(codeOf(await gw.run(REQUEST, { to: OUTSIDER }, writer(OUTSIDER)))).toBe("CONFLICT");
    expect(codeOf(await gw.run(decide("accept"), { id: "xfr_nope" }, writer(OUTSIDER)))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(REQUEST, { to: OUTSIDER }, { ...writer(OUTSIDER), tenant: "other" }))).toBe("NOT_FOUND");
  });
});

describe("version hints", () => {
  const HINTS = `mutation($input: SetSkillVersionHintsInput!) { setSkillVersionHints(input: $input) { version isDraft model outputSummary } }`;

  test("set on the draft, carried by the deploy, shown on versions and in manifests", async () => {
    const admin: As = { sub: "user:admin@acme.test", scopes: ["admin"] };
    await gw.ok(`mutation { createSkill(input: { id: "acme.hinted", name: "Hinted", instructions: "# h" }) { skill { id } } }`, {}, admin);
    const draft = (await gw.ok(HINTS, { input: { skillId: "acme.hinted", model: "claude-sonnet-4-5", outputSummary: "A risk table" } }, admin)).setSkillVersionHints;
    expect(draft).toEqual({ version: "1.0.0", isDraft: true, model: "claude-sonnet-4-5", outputSummary: "A risk table" });
    await gw.ok(`mutation { deploySkill(id: "acme.hinted") { skill { id } } }`, {}, admin);
    expect((await gw.ok(`{ skill(id: "acme.hinted") { versions { version isDraft model outputSummary } } }`)).skill.versions).toEqual([
      { version: "1.0.0", isDraft: false, model: "claude-sonnet-4-5", outputSummary: "A risk table" },
    ]);
    expect(codeOf(await gw.run(HINTS, { input: { skillId: "acme.hinted", version: "1.0.0", model: "not a model!" } }, admin))).toBe("BAD_USER_INPUT");
    expect((await gw.run(HINTS, { input: { skillId: "acme.hinted", version: "9.9.9", model: "x" } }, admin)).errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "input.version" });

    await gw.ok(`mutation { upsertDistributionPlatform(input: { id: "files", name: "Files", delivery: "FILE", target: "out" }) { id } }`);
    await gw.ok(`mutation { grantSkillToUser(input: { userId: "${OWNER}", skillId: "acme.hinted", reason: "try" }) { grant { id } } }`);
    const worker = new PublishWorker(gw.app, { concurrency: 1, leaseMs: 5000, pollMs: 50, maxAttempts: 2, backoffBaseMs: 50, batchSize: 10 }).start();
    try {
      const file = path.join(publishDir, TENANT, "out", manifestFileName(OWNER));
      const manifest = await waitFor(async () => {
        try {
          return JSON.parse(readFileSync(file, "utf8"));
        } catch {
          return null;
        }
      }, { timeoutMs: 15_000, what: "the manifest" });
      expect(manifest.skills).toEqual([expect.objectContaining({ id: "acme.hinted", version: "1.0.0", model: "claude-sonnet-4-5", outputSummary: "A risk table" })]);
    } finally {
      await worker.stop();
    }
  });
});
