import "reflect-metadata";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT, codeOf, createTestGateway, type TestGateway } from "../helpers/harness.js";

let gw: TestGateway;
let base: string;
let root: string;
beforeAll(async () => {
  // Local repositories live under an operator root, in the tenant's own folder.
  base = mkdtempSync(path.join(tmpdir(), "gw-directory-test-"));
  root = path.join(base, TENANT);
  gw = await createTestGateway({ REPOSITORY_ROOTS: base, GIT_ALLOWED_HOSTS: "example.com" });
  for (const [folder, name] of [["one", "repo-one"], ["two", "repo-two"]]) {
    mkdirSync(path.join(root, folder), { recursive: true });
    writeFileSync(path.join(root, folder, "SKILL.md"), `---\nname: ${name}\ndescription: ${name}\nversion: "2.0.0"\n---\n\n# ${name}\n`);
  }
  await gw.ok(`mutation($input: CreateRepositoryInput!) { createRepository(input: $input) { id } }`, { input: { id: "skills-repo", name: "Skills", location: root } });
  await gw.ok(`mutation { syncRepository(id: "skills-repo") { discovered { id } } }`);
  await gw.ok(`mutation($input: CreateRepositoryInput!) { createRepository(input: $input) { id } }`, {
    input: { id: "empty-repo", name: "Empty", location: "https://example.com/empty.git" },
  });
  for (const id of ["acme.alpha", "acme.beta", "acme.gamma", "acme.old", "acme.shelved", "acme.gone"]) await skill(id);
  await skill("acme.draft", false);
  await gw.ok(`mutation { updateSkill(input: { id: "acme.alpha", instructions: "# v2" }) { skill { id } } }`);
  await gw.ok(`mutation { deploySkill(id: "acme.alpha") { skill { currentVersion } } }`);
  await gw.ok(`mutation { setSkillLifecycle(id: "acme.old", lifecycle: DEPRECATED) { skill { id } } }`);
  await gw.ok(`mutation { setSkillLifecycle(id: "acme.shelved", lifecycle: ARCHIVED) { skill { id } } }`);
  await gw.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { users { id } } }`, {
    users: ["ada", "bob", "cy"].map((n) => ({ id: `user:${n}@acme.test`, email: `${n}@acme.test` })),
  });
});
afterAll(async () => {
  await gw?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

async function skill(id: string, deploy = true) {
  await gw.ok(`mutation($input: CreateSkillInput!) { createSkill(input: $input) { skill { id } } }`, {
    input: { id, name: id, instructions: `# ${id}` },
  });
  if (deploy) await gw.ok(`mutation($id: ID!) { deploySkill(id: $id) { skill { id } } }`, { id });
}

const events = (what: string) =>
  gw.app.db.prisma.governanceEvent
    .findMany({ where: { tenantId: TENANT, kind: "directory.changed" }, orderBy: { seq: "asc" } })
    .then((rows) => rows.filter((r) => (r.payload as { what?: string }).what === what));

const field = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions;

describe("roles", () => {
  const CREATE = `mutation($input: CreateRoleInput!) { createRole(input: $input) { id name description skills { skill { id } } members { totalCount } } }`;
  const SET = `mutation($r: ID!, $s: [RoleSkillInput!]!) { setRoleSkills(roleId: $r, skills: $s) {
    role { id skills { skill { id } repository { id } } }
    change { added removed affectedUsers warnings event { kind } }
  } }`;
  const ASSIGN = `mutation($u: ID!, $r: ID!) { assignRole(userId: $u, roleId: $r) { user { id roles { id } } change { added removed affectedUsers event { kind } } } }`;
  const UNASSIGN = ASSIGN.replace("assignRole", "unassignRole");

  test("createRole creates; CONFLICT when taken; BAD_USER_INPUT for bad id or name; FORBIDDEN without directory:write", async () => {
    const data = await gw.ok(CREATE, { input: { id: "reviewer", name: "Reviewer", description: "Reviews code" } });
    expect(data.createRole).toEqual({ id: "reviewer", name: "Reviewer", description: "Reviews code", skills: [], members: { totalCount: 0 } });
    await gw.ok(CREATE, { input: { id: "auditor", name: "Auditor" } });
    expect(await events("role.created")).toHaveLength(2);
    expect(field(await gw.run(CREATE, { input: { id: "reviewer", name: "x" } }))).toMatchObject({ code: "CONFLICT", field: "input.id" });
    expect(field(await gw.run(CREATE, { input: { id: "-bad", name: "x" } }))).toMatchObject({ code: "BAD_USER_INPUT", field: "input.id" });
    expect(field(await gw.run(CREATE, { input: { id: "fine", name: "" } }))).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
    expect(codeOf(await gw.run(CREATE, { input: { id: "fine", name: "x" } }, { scopes: ["skills:read", "skills:write"] }))).toBe("FORBIDDEN");
  });

  test("roles are listed by id; role(id) is per tenant", async () => {
    expect(await gw.ok(`{ roles { id } }`)).toEqual({ roles: [{ id: "auditor" }, { id: "reviewer" }] });
    expect(await gw.ok(`{ roles { id } role(id: "reviewer") { id } }`, {}, { tenant: "other" })).toEqual({ roles: [], role: null });
  });

  test("assignRole / unassignRole: no-ops when nothing changes", async () => {
    const data = await gw.ok(ASSIGN, { u: "user:ada@acme.test", r: "reviewer" });
    expect(data.assignRole).toMatchObject({ user: { id: "user:ada@acme.test", roles: [{ id: "reviewer" }] }, change: { added: [], affectedUsers: 0 } });
    expect(await events("role.assigned")).toHaveLength(1);
    const twice = await gw.ok(ASSIGN, { u: "user:ADA@acme.test", r: "reviewer" });
    expect(twice.assignRole.change).toMatchObject({ event: null, affectedUsers: 0 });
    expect(await events("role.assigned")).toHaveLength(1);
    await gw.ok(ASSIGN, { u: "user:bob@acme.test", r: "reviewer" });
    const none = await gw.ok(UNASSIGN, { u: "user:cy@acme.test", r: "reviewer" });
    expect(none.unassignRole).toMatchObject({ user: { roles: [] }, change: { event: null } });
    expect(await events("role.unassigned")).toHaveLength(0);
  });

  test("setRoleSkills: each skill resolved from its repository; the diff is reported", async () => {
    const data = await gw.ok(SET, {
      r: "reviewer",
      s: [{ skillId: "repo-two", repositoryId: "skills-repo" }, { skillId: "repo-one" }, { skillId: "acme.beta" }, { skillId: "acme.old" }],
    });
    expect(data.setRoleSkills).toMatchObject({
      role: {
        id: "reviewer",
        skills: [
          { skill: { id: "acme.beta" }, repository: null },
          { skill: { id: "acme.old" }, repository: null },
          { skill: { id: "repo-one" }, repository: { id: "skills-repo" } },
          { skill: { id: "repo-two" }, repository: { id: "skills-repo" } },
        ],
      },
      change: {
        added: ["acme.beta", "acme.old", "repo-one", "repo-two"],
        removed: [],
        affectedUsers: 2,
        warnings: ['Skill "acme.old" is DEPRECATED; consider a successor'],
        event: { kind: "skill.entitlement_changed" },
      },
    });
    const replaced = await gw.ok(SET, { r: "reviewer", s: [{ skillId: "repo-one" }, { skillId: "acme.gamma" }] });
    expect(replaced.setRoleSkills.change).toMatchObject({ added: ["acme.gamma"], removed: ["acme.beta", "acme.old", "repo-two"], affectedUsers: 2, warnings: [] });
    const [, event] = await events("role.skills_set");
    expect(event.payload).toMatchObject({ added: ["acme.gamma"], removed: ["acme.beta", "acme.old", "repo-two"] });
    const same = await gw.ok(SET, { r: "reviewer", s: [{ skillId: "acme.gamma" }, { skillId: "repo-one", repositoryId: "skills-repo" }] });
    expect(same.setRoleSkills.change).toMatchObject({ added: [], removed: [], affectedUsers: 0, event: null });
  });

  test("members and users(roleId) list the role's users by id; unassign takes the skills away", async () => {
    const m = await gw.ok(`{ role(id: "reviewer") { members(first: 1) { nodes { id } totalCount pageInfo { hasNextPage } } } users(roleId: "reviewer") { nodes { id } } }`);
    expect(m.role.members).toEqual({ nodes: [{ id: "user:ada@acme.test" }], totalCount: 2, pageInfo: { hasNextPage: true } });
    expect(m.users.nodes).toEqual([{ id: "user:ada@acme.test" }, { id: "user:bob@acme.test" }]);
    const data = await gw.ok(UNASSIGN, { u: "user:bob@acme.test", r: "reviewer" });
    expect(data.unassignRole.change).toMatchObject({ removed: ["acme.gamma", "repo-one"], affectedUsers: 1 });
  });

  test("setRoleSkills errors name the input", async () => {
    const cases: [unknown[], string, string][] = [
      [[{ skillId: "acme.beta" }, { skillId: "nope" }], "NOT_FOUND", "skills.1.skillId"],
      [[{ skillId: "acme.gone" }], "SKILL_NOT_GRANTABLE", "skills.0.skillId"],
      [[{ skillId: "acme.draft" }], "SKILL_NOT_GRANTABLE", "skills.0.skillId"],
      [[{ skillId: "acme.shelved" }], "SKILL_NOT_GRANTABLE", "skills.0.skillId"],
      [[{ skillId: "acme.beta" }, { skillId: "acme.beta" }], "BAD_USER_INPUT", "skills.1.skillId"],
      [[{ skillId: "Bad Id" }], "BAD_USER_INPUT", "skills.0.skillId"],
      [[{ skillId: "repo-one", repositoryId: "no-such-repo" }], "BAD_USER_INPUT", "skills.0.repositoryId"],
      [[{ skillId: "acme.beta" }, { skillId: "repo-one", repositoryId: "empty-repo" }], "BAD_USER_INPUT", "skills.1.repositoryId"],
      [[{ skillId: "acme.beta", repositoryId: "skills-repo" }], "BAD_USER_INPUT", "skills.0.repositoryId"],
    ];
    await gw.ok(`mutation { deleteSkill(id: "acme.gone") { skill { id } } }`);
    for (const [s, code, f] of cases) expect(field(await gw.run(SET, { r: "reviewer", s })), f).toMatchObject({ code, field: f });
    expect(field(await gw.run(SET, { r: "nope", s: [] }))).toMatchObject({ code: "NOT_FOUND", field: "roleId" });
    expect(codeOf(await gw.run(SET, { r: "reviewer", s: [] }, { tenant: "other" }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(SET, { r: "reviewer", s: [] }, { scopes: ["skills:read", "skill_entitlement:write"] }))).toBe("FORBIDDEN");
    const role = await gw.ok(`{ role(id: "reviewer") { skills { skill { id } } } }`);
    expect(role.role.skills).toEqual([{ skill: { id: "acme.gamma" } }, { skill: { id: "repo-one" } }]);
  });

  test("assignRole errors: unknown user or role, another tenant, missing scope", async () => {
    expect(field(await gw.run(ASSIGN, { u: "user:nobody@acme.test", r: "reviewer" }))).toMatchObject({ code: "NOT_FOUND", field: "userId" });
    expect(field(await gw.run(ASSIGN, { u: "user:ada@acme.test", r: "nope" }))).toMatchObject({ code: "NOT_FOUND", field: "roleId" });
    expect(field(await gw.run(UNASSIGN, { u: "user:ada@acme.test", r: "nope" }))).toMatchObject({ code: "NOT_FOUND", field: "roleId" });
    expect(codeOf(await gw.run(ASSIGN, { u: "user:ada@acme.test", r: "reviewer" }, { tenant: "other" }))).toBe("NOT_FOUND");
    expect(codeOf(await gw.run(ASSIGN, { u: "user:ada@acme.test", r: "reviewer" }, { scopes: ["skills:read"] }))).toBe("FORBIDDEN");
  });
});

describe("archetypes", () => {
  const CREATE = `mutation($input: CreateArchetypeInput!) { createArchetype(input: $input) {
    id name cowork { id } userCount users { totalCount } skills { skill { id } skillVersion origin addedAt } } }`;

  test("createArchetype: MANUAL skills at their current version, ordered by skill id", async () => {
    const data = await gw.ok(CREATE, { input: { id: "firmware_engineer", name: "Firmware engineer", skillIds: ["acme.beta", "acme.alpha", "acme.old"] } });
    expect(data.createArchetype).toMatchObject({
      id: "firmware_engineer",
      cowork: null,
      userCount: 0,
      users: { totalCount: 0 },
      skills: [
        { skill: { id: "acme.alpha" }, skillVersion: "1.0.1", origin: "MANUAL", addedAt: expect.anything() },
        { skill: { id: "acme.beta" }, skillVersion: "1.0.0", origin: "MANUAL" },
        { skill: { id: "acme.old" }, skillVersion: "1.0.0", origin: "MANUAL" },
      ],
    });
    const [event] = await events("archetype.created");
    expect(event).toMatchObject({ subjects: expect.arrayContaining(["archetype:firmware_engineer"]) });
    await gw.ok(CREATE, { input: { id: "blank", name: "Blank" } });
  });

  test("createArchetype errors", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ id: "firmware_engineer", name: "x" }, "CONFLICT", "input.id"],
      [{ id: "Bad", name: "x" }, "BAD_USER_INPUT", "input.id"],
      [{ id: "a1", name: " " }, "BAD_USER_INPUT", "input.name"],
      [{ id: "a1", name: "x", skillIds: ["acme.beta", "nope"] }, "NOT_FOUND", "input.skillIds.1"],
      [{ id: "a1", name: "x", skillIds: ["acme.gone"] }, "SKILL_NOT_GRANTABLE", "input.skillIds.0"],
      [{ id: "a1", name: "x", skillIds: ["acme.draft"] }, "SKILL_NOT_GRANTABLE", "input.skillIds.0"],
      [{ id: "a1", name: "x", skillIds: ["acme.shelved"] }, "SKILL_NOT_GRANTABLE", "input.skillIds.0"],
    ];
    for (const [input, code, f] of cases) expect(field(await gw.run(CREATE, { input })), f).toMatchObject({ code, field: f });
    expect(await gw.ok(`{ archetype(id: "a1") { id } }`)).toEqual({ archetype: null });
    expect(codeOf(await gw.run(CREATE, { input: { id: "a2", name: "x" } }, { scopes: ["skills:read", "skill_entitlement:write"] }))).toBe("FORBIDDEN");
  });

  test("userCount, users, pinned versions; deleted skills left out; per tenant", async () => {
    await gw.ok(`mutation { setUserArchetype(userId: "user:cy@acme.test", archetypeId: "firmware_engineer") { user { id } } }`);
    await gw.ok(`mutation { setUserArchetype(userId: "user:ada@acme.test", archetypeId: "firmware_engineer") { user { id } } }`);
    await gw.app.db.prisma.archetypeSkill.update({
      where: { tenantId_archetypeId_skillId: { tenantId: TENANT, archetypeId: "firmware_engineer", skillId: "acme.alpha" } },
      data: { pinnedVersion: "1.0.0" },
    });
    await gw.app.db.prisma.archetypeSkill.create({ data: { tenantId: TENANT, archetypeId: "firmware_engineer", skillId: "acme.gone", origin: "COWORK" } });
    const data = await gw.ok(`{ archetypes { id userCount users(first: 1) { nodes { id } totalCount pageInfo { hasNextPage } } skills { skill { id } skillVersion } } }`);
    expect(data.archetypes).toEqual([
      { id: "blank", userCount: 0, users: { nodes: [], totalCount: 0, pageInfo: { hasNextPage: false } }, skills: [] },
      {
        id: "firmware_engineer",
        userCount: 2,
        users: { nodes: [{ id: "user:ada@acme.test" }], totalCount: 2, pageInfo: { hasNextPage: true } },
        skills: [
          { skill: { id: "acme.alpha" }, skillVersion: "1.0.0" },
          { skill: { id: "acme.beta" }, skillVersion: "1.0.0" },
          { skill: { id: "acme.old" }, skillVersion: "1.0.0" },
        ],
      },
    ]);
    expect(await gw.ok(`{ archetypes { id } archetype(id: "blank") { id } }`, {}, { tenant: "other" })).toEqual({ archetypes: [], archetype: null });
    const users = await gw.ok(`{ users(archetypeId: "firmware_engineer") { nodes { id archetype { name } } } }`);
    expect(users.users.nodes).toEqual([
      { id: "user:ada@acme.test", archetype: { name: "Firmware engineer" } },
      { id: "user:cy@acme.test", archetype: { name: "Firmware engineer" } },
    ]);
  });
});

describe("coworks", () => {
  const CREATE = `mutation($input: CreateCoworkInput!) { createCowork(input: $input) { id name skills { skill { id } skillVersion } } }`;

  test("createCowork: versions default to the current one; a deployed version may be given", async () => {
    const data = await gw.ok(CREATE, {
      input: {
        id: "firmware-engineer.dainese.v1",
        name: "Firmware engineer",
        skills: [{ skillId: "acme.beta" }, { skillId: "acme.alpha", skillVersion: "1.0.0" }, { skillId: "repo-one" }],
      },
    });
    expect(data.createCowork).toEqual({
      id: "firmware-engineer.dainese.v1",
      name: "Firmware engineer",
      skills: [
        { skill: { id: "acme.alpha" }, skillVersion: "1.0.0" },
        { skill: { id: "acme.beta" }, skillVersion: "1.0.0" },
        { skill: { id: "repo-one" }, skillVersion: "2.0.0" },
      ],
    });
    expect(await events("cowork.created")).toHaveLength(1);
    expect(await gw.ok(`{ coworks { id } cowork(id: "firmware-engineer.dainese.v1") { skills { skillVersion } } }`)).toMatchObject({
      coworks: [{ id: "firmware-engineer.dainese.v1" }],
    });
    expect(await gw.ok(`{ coworks { id } cowork(id: "firmware-engineer.dainese.v1") { id } }`, {}, { tenant: "other" })).toEqual({
      coworks: [],
      cowork: null,
    });
  });

  test("Archetype.cowork resolves the cowork", async () => {
    await gw.app.db.prisma.archetype.update({
      where: { tenantId_id: { tenantId: TENANT, id: "blank" } },
      data: { coworkId: "firmware-engineer.dainese.v1" },
    });
    expect(await gw.ok(`{ archetype(id: "blank") { cowork { id name } } }`)).toEqual({
      archetype: { cowork: { id: "firmware-engineer.dainese.v1", name: "Firmware engineer" } },
    });
  });

  test("createCowork errors", async () => {
    const input = (skills: unknown[], id = "c1") => ({ input: { id, name: "C", skills } });
    const cases: [ReturnType<typeof input>, string, string][] = [
      [input([], "firmware-engineer.dainese.v1"), "CONFLICT", "input.id"],
      [input([{ skillId: "acme.beta" }, { skillId: "nope" }]), "NOT_FOUND", "input.skills.1.skillId"],
      [input([{ skillId: "acme.gone" }]), "SKILL_NOT_GRANTABLE", "input.skills.0.skillId"],
      [input([{ skillId: "acme.draft" }]), "SKILL_NOT_GRANTABLE", "input.skills.0.skillId"],
      [input([{ skillId: "acme.beta", skillVersion: "9.9.9" }]), "BAD_USER_INPUT", "input.skills.0.skillVersion"],
      [input([{ skillId: "acme.beta" }, { skillId: "acme.alpha", skillVersion: "draft" }]), "BAD_USER_INPUT", "input.skills.1.skillVersion"],
      [input([{ skillId: "acme.beta" }, { skillId: "acme.beta" }]), "BAD_USER_INPUT", "input.skills.1.skillId"],
      [input([{ skillId: "acme.beta" }], "Bad Id"), "BAD_USER_INPUT", "input.id"],
    ];
    for (const [vars, code, f] of cases) expect(field(await gw.run(CREATE, vars)), f).toMatchObject({ code, field: f });
    expect(await gw.ok(`{ cowork(id: "c1") { id } }`)).toEqual({ cowork: null });
    expect(codeOf(await gw.run(CREATE, input([]), { scopes: ["skills:read", "skills:write"] }))).toBe("FORBIDDEN");
  });

  test("deleted skills are left out of Cowork.skills and Role.skills", async () => {
    await gw.ok(`mutation { deleteSkill(id: "acme.beta") { skill { id } } }`);
    const data = await gw.ok(`{ cowork(id: "firmware-engineer.dainese.v1") { skills { skill { id } } } archetype(id: "firmware_engineer") { skills { skill { id } } } }`);
    expect(data.cowork.skills).toEqual([{ skill: { id: "acme.alpha" } }, { skill: { id: "repo-one" } }]);
    expect(data.archetype.skills).toEqual([{ skill: { id: "acme.alpha" } }, { skill: { id: "acme.old" } }]);
  });
});
