// The `skill-gateway` CLI end to end: the real bin in a child process against a
// real gateway process (demo tenant, real HTTP and graphql-ws, its own worker),
// checking output, effects and every documented exit code.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signToken } from "../../src/auth/token.js";
import { BIN, CLI_JWT_SECRET, ndjson, runCli, startCliGateway, type CliGateway } from "./cli-helpers.js";
import { waitFor } from "./helpers.js";
import { ROOT } from "./process-helpers.js";

const MARCO = "user:marco.mazzolin@dainese.it";
const PILOT = "claresia-eng-pilot";

let gw: CliGateway;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, env);
const json = async (...args: string[]) => {
  const r = await cli(...args, "--json");
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const effective = async (skillId: string): Promise<boolean> => (await json("explain", MARCO, skillId)).effective;

beforeAll(async () => {
  gw = await startCliGateway({ PUBLISH_MAX_ATTEMPTS: "1", PUBLISH_BACKOFF_MS: "10", WEBHOOK_ALLOWED_SCHEMES: "https,http", WEBHOOK_ALLOWED_HOSTS: "localhost:*,127.0.0.1:*" });
  env = { SKILL_GATEWAY_URL: gw.url, SKILL_GATEWAY_TOKEN: gw.token };
}, 90_000);

afterAll(async () => {
  await gw?.close();
});

describe("exploring", { timeout: 120_000 }, () => {
  test("whoami names the token's tenant and scopes", async () => {
    const r = await cli("whoami");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^admin@demo {2}tenant dainese {2}scopes admin$/m);
  });

  test("skills lists marco's effective skills with every source, blocks and grants", async () => {
    const r = await cli("skills", MARCO);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Effective skills (8):");
    expect(r.stdout).toMatch(/gatespic\.change-risk-review\s+1\.1\.1\s+archetype:firmware_engineer, role:release-captain/);
    expect(r.stdout).toMatch(/ledger\.vendor-spend-review\s+by group:claresia-restricted-no-pii {2}\(overrides a grant\)/);
    expect(r.stdout).toContain("grant_demo_weekly_digest  boss.team-weekly-digest  active");

    const user = await json("skills", MARCO);
    expect(user.effectiveSkills.totalCount).toBe(8);
    const steve = user.effectiveSkills.nodes.find((e: any) => e.skill.id === "steve.prd-review");
    expect(steve.sources.map((s: any) => s.label)).toEqual([`group:${PILOT}`]);
  });

  test("a user id without the user: prefix is NOT_FOUND (exit 4) with the id that was meant", async () => {
    const r = await cli("skills", "marco.mazzolin@dainese.it");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('hint: no user "marco.mazzolin@dainese.it": user ids start with "user:"; did you mean user:marco.mazzolin@dainese.it?');

    const j = await cli("explain", "marco.mazzolin@dainese.it", "terraform", "--json");
    expect(j.code).toBe(4);
    const { error } = JSON.parse(j.stderr);
    expect(error).toMatchObject({ code: "NOT_FOUND", status: 404, hint: expect.stringContaining("did you mean user:marco.mazzolin@dainese.it?") });
  });

  test("explain says why a granted skill is not seen: the block beats the grant", async () => {
    const r = await cli("explain", MARCO, "ledger.vendor-spend-review");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("NOT effective (BLOCKED)");
    expect(r.stdout).toContain("user_grant (grant_demo_vendor_spend)");
    expect(r.stdout).toContain("unblock claresia-restricted-no-pii ledger.vendor-spend-review");
  });

  test("an unknown skill id is exit 4 with the near id", async () => {
    const r = await cli("explain", MARCO, "gatespic.incident-postmortum");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("did you mean gatespic.incident-postmortem?");
  });
});

describe("entitlement changes", { timeout: 120_000 }, () => {
  test("grant: --dry-run prints the payload and writes nothing; the real grant --watch follows its jobs to SUCCEEDED", async () => {
    const dry = await json("grant", MARCO, "terraform", "--reason", "Infra on-call", "--expires", "30d", "--dry-run");
    expect(dry.change).toMatchObject({ dryRun: true, added: ["terraform"], removed: [], affectedUsers: 1, publishJobs: [] });
    expect(dry.grant.expiresAt).toBeTruthy();
    expect(await effective("terraform")).toBe(false);

    const real = await cli("grant", MARCO, "terraform", "--reason", "Infra on-call", "--expires", "30d", "--watch");
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^Done: grant terraform to user:marco\.mazzolin@dainese\.it/m);
    expect(real.stdout).toMatch(/anthropic-claude-enterprise\s+\[#{24}\] 100% {2}1\/1 users {2}SUCCEEDED/);
    expect(real.stdout).toMatch(/microsoft-copilot-m365\s+\[#{24}\] 100% {2}1\/1 users {2}SUCCEEDED/);
    expect(real.stdout).toContain("All 2 publish jobs SUCCEEDED.");
    expect(await effective("terraform")).toBe(true);
  });

  test("a grant a block overrides says so, even though the gateway counts 0 affected users", async () => {
    const r = await cli("grant", MARCO, "clawshield.deal-desk", "--reason", "Deal review", "--dry-run");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("affected users: 0");
    // The gateway's payload warns (blocks beat grants); the CLI prints it.
    expect(r.stdout).toContain("warning: Skill \"clawshield.deal-desk\" stays out of \"user:marco.mazzolin@dainese.it\"'s picker: blocked by group:claresia-restricted-no-pii");
  });

  test("revoke by --user and --skill: dry run, then for real", async () => {
    const dry = await json("revoke", "--user", MARCO, "--skill", "terraform", "--dry-run");
    expect(dry.change).toMatchObject({ dryRun: true, removed: ["terraform"], affectedUsers: 1 });
    expect(await effective("terraform")).toBe(true);
    const real = await json("revoke", "--user", MARCO, "--skill", "terraform");
    expect(real.change).toMatchObject({ dryRun: false, removed: ["terraform"], affectedUsers: 1 });
    expect(real.grant.active).toBe(false);
    expect(await effective("terraform")).toBe(false);

    const again = await cli("revoke", "--user", MARCO, "--skill", "terraform");
    expect(again.code).toBe(4);
    expect(again.stderr).toContain("has no active grant of terraform");
    const unknownGrant = await cli("revoke", "grant_nope");
    expect(unknownGrant.code).toBe(4);
    expect(unknownGrant.stderr).toContain("skill-gateway skills <user id>");
  });

  test("block then unblock a skill for a group; --json --watch is NDJSON ending in SUCCEEDED jobs", async () => {
    const dry = await json("block", PILOT, "steve.prd-review", "--dry-run");
    expect(dry.change).toMatchObject({ dryRun: true, affectedUsers: 1 });
    expect(await effective("steve.prd-review")).toBe(true);

    const r = await cli("block", PILOT, "steve.prd-review", "--watch", "--json");
    expect(r.code, r.stderr).toBe(0);
    const [payload, ...updates] = ndjson(r.stdout);
    expect(payload.group.blocks.map((s: any) => s.id)).toContain("steve.prd-review");
    const jobIds = payload.change.publishJobs.map((j: any) => j.id).sort();
    expect(jobIds).toHaveLength(2);
    const finals = jobIds.map((id: string) => updates.filter((u: any) => u.id === id).at(-1));
    expect(finals.map((j: any) => j.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(await effective("steve.prd-review")).toBe(false);

    const un = await json("unblock", PILOT, "steve.prd-review");
    expect(un.change).toMatchObject({ removed: ["steve.prd-review"], affectedUsers: 1 });
    expect(await effective("steve.prd-review")).toBe(true);
  });

  test("augment and --remove, dry runs", async () => {
    const add = await json("augment", PILOT, "terraform", "--dry-run");
    expect(add.change).toMatchObject({ dryRun: true, added: ["terraform"], affectedUsers: 1 });
    const remove = await json("augment", PILOT, "boss.standup-notes", "--remove", "--dry-run");
    expect(remove.change).toMatchObject({ dryRun: true, removed: ["boss.standup-notes"], affectedUsers: 1 });
    expect(await effective("boss.standup-notes")).toBe(true);
  });

  test("archetype-skills: a hyphen for the underscore is exit 4 with the right id; the right id dry-runs", async () => {
    const wrong = await cli("archetype-skills", "firmware-engineer", "--add", "terraform");
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('no archetype "firmware-engineer" in this tenant; did you mean firmware_engineer?');
    const dry = await json("archetype-skills", "firmware_engineer", "--add", "terraform", "--remove", "gatespic.runbook-suggest", "--dry-run");
    expect(dry.change).toMatchObject({ dryRun: true, added: ["terraform"], removed: ["gatespic.runbook-suggest"], affectedUsers: 1 });
    const none = await cli("archetype-skills", "firmware_engineer");
    expect(none.code).toBe(2);

    // --set: the whole list; the CLI sends only the difference.
    const gatespic = ["gatespic.incident-postmortem", "gatespic.firmware-changelog-qa", "gatespic.change-risk-review", "gatespic.security-advisory-triage"];
    const set = await json("archetype-skills", "firmware_engineer", "--set", [...gatespic, "terraform"].join(","), "--dry-run");
    expect(set.change).toMatchObject({ dryRun: true, added: ["terraform"], removed: ["gatespic.runbook-suggest"], affectedUsers: 1 });
    const same = await cli("archetype-skills", "firmware_engineer", "--set", [...gatespic, "gatespic.runbook-suggest"].join(","));
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("already has exactly these skills");
  });

  test("apply-cowork dry run; an unknown cowork is exit 4 with the known one", async () => {
    const dry = await json("apply-cowork", "firmware-engineer.dainese.v1", "--archetype", "firmware_engineer", "--mode", "merge", "--dry-run");
    expect(dry.change.dryRun).toBe(true);
    expect(dry.archetypes.map((a: any) => a.id)).toEqual(["firmware_engineer"]);
    const wrong = await cli("apply-cowork", "firmware-engineer.v1", "--archetype", "firmware_engineer", "--dry-run");
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/firmware-engineer\.dainese\.v1/);
    const badMode = await cli("apply-cowork", "firmware-engineer.dainese.v1", "--archetype", "firmware_engineer", "--mode", "overwrite");
    expect(badMode.code).toBe(2);
  });
});

describe("agents and publishing", { timeout: 120_000 }, () => {
  test("assign: --dry-run checks by reading, the real call assigns, a second is CONFLICT (exit 5)", async () => {
    const dry = await json("assign", "devops-agent", "steve.prd-review", "--priority", "3", "--dry-run");
    expect(dry).toMatchObject({ dryRun: true, input: { agentId: "devops-agent", skillId: "steve.prd-review", priority: 3 }, skillVersion: "1.2.0" });
    const real = await json("assign", "devops-agent", "steve.prd-review", "--priority", "3");
    expect(real.assignment).toMatchObject({ agent: { id: "devops-agent" }, skill: { id: "steve.prd-review" }, priority: 3 });
    const again = await cli("assign", "devops-agent", "steve.prd-review");
    expect(again.code).toBe(5);
    expect(again.stderr).toContain("CONFLICT 409");
    const dryAgain = await cli("assign", "devops-agent", "steve.prd-review", "--dry-run");
    expect(dryAgain.code).toBe(5);
    const wrongAgent = await cli("assign", "devops_agent", "terraform");
    expect(wrongAgent.code).toBe(4);
    expect(wrongAgent.stderr).toContain("did you mean devops-agent?");
  });

  test("republish one user to one platform and watch it; watch a finished job again; jobs lists it", async () => {
    const r = await cli("republish", "--scope", "user", "--scope-id", MARCO, "--platform", "anthropic-claude-enterprise", "--watch");
    expect(r.code, r.stderr).toBe(0);
    const id = /^ {2}(pub_\w+)/m.exec(r.stdout)?.[1];
    expect(id).toBeTruthy();
    expect(r.stdout).toMatch(new RegExp(`${id}\\s+anthropic-claude-enterprise\\s+\\[#{24}\\] 100%.*SUCCEEDED`));

    const again = await cli("watch", id!);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("All 1 publish job SUCCEEDED.");

    const jobs = await json("jobs", "--first", "5");
    expect(jobs.nodes[0]).toMatchObject({ id, status: "SUCCEEDED", trigger: "manual_republish", usersTotal: 1, usersPublished: 1 });

    expect((await cli("watch", "pub_nope")).code).toBe(4);
    expect((await cli("republish", "--scope", "group")).code).toBe(2);
  });

  test("a watched job that FAILED is exit 7", async () => {
    const hook = { id: "hook-down", name: "Down", delivery: "WEBHOOK", target: "http://127.0.0.1:1/hook", secret: "s" };
    const upsert = `mutation($input: DistributionPlatformInput!) { upsertDistributionPlatform(input: $input) { id } }`;
    const post = (variables: unknown) =>
      fetch(gw.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${gw.token}` },
        body: JSON.stringify({ query: upsert, variables }),
      }).then((res) => res.json() as Promise<{ errors?: unknown[] }>);
    expect((await post({ input: hook })).errors).toBeUndefined();
    try {
      const r = await cli("republish", "--platform", "hook-down", "--watch");
      expect(r.code).toBe(7);
      expect(r.stdout).toMatch(/hook-down\s+\[-+\]\s+0%.*FAILED/);
      expect(r.stderr).toMatch(/^error: pub_\w+ FAILED: /m);
    } finally {
      await post({ input: { ...hook, enabled: false } });
    }
  });
});

describe("audit log", { timeout: 120_000 }, () => {
  test("events lists the latest governance events; --follow prints new ones live until SIGINT", async () => {
    const recent = await json("events", "--kind", "skill.entitlement_changed", "--last", "3");
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((e: any) => e.kind === "skill.entitlement_changed")).toBe(true);
    const lastId = Number(recent.at(-1).id);

    const follower = spawn(process.execPath, [BIN, "events", "--follow", "--json", "--last", "1", "--kind", "skill.entitlement_changed"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let seen = "";
    follower.stdout.on("data", (b: Buffer) => (seen += b.toString()));
    follower.stderr.on("data", (b: Buffer) => (seen += b.toString()));
    const exited = new Promise<number | null>((resolve) => follower.once("close", resolve));
    try {
      // The past event printed first means the subscription is being opened; the change below commits after it.
      await waitFor(() => seen.includes(`"id":"${lastId}"`), { timeoutMs: 30_000, what: "the follower to print the latest event" });
      expect((await cli("augment", PILOT, "terraform")).code).toBe(0);
      const added = await waitFor(
        () => ndjson(seen).find((e: any) => Number(e.id) > lastId && e.subjects.includes(`group:${PILOT}`)),
        { timeoutMs: 30_000, what: `the follower to print the augment's event; printed:\n${seen}` },
      );
      expect(added.kind).toBe("skill.entitlement_changed");
      expect(ndjson(seen).filter((e: any) => e.id === added.id)).toHaveLength(1);
    } finally {
      follower.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect((await cli("augment", PILOT, "terraform", "--remove")).code).toBe(0);
  });
});

describe("exit codes", { timeout: 120_000 }, () => {
  test("auth: no token, a bad token, a token without the scope are exit 3", async () => {
    const none = await runCli(["whoami"], { SKILL_GATEWAY_URL: gw.url });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain("SKILL_GATEWAY_TOKEN");
    const bad = await cli("whoami", "--token", "not-a-jwt");
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("UNAUTHENTICATED 401");
    const reader = await signToken(CLI_JWT_SECRET, { sub: "reader@demo", tid: "dainese", scopes: ["skills:read"] }, "1h");
    const forbidden = await cli("block", PILOT, "terraform", "--token", reader);
    expect(forbidden.code).toBe(3);
    expect(forbidden.stderr).toContain("FORBIDDEN 403");
  });

  test("usage: a missing argument or option, an unknown command, bad input the gateway rejects are exit 2; --help is 0", async () => {
    expect((await cli("grant", MARCO)).code).toBe(2);
    expect((await cli("grant", MARCO, "terraform")).code).toBe(2);
    expect((await cli("frobnicate")).code).toBe(2);
    const past = await cli("grant", MARCO, "terraform", "--reason", "x", "--expires", "2020-01-01T00:00:00Z", "--json");
    expect(past.code).toBe(2);
    expect(JSON.parse(past.stderr).error).toMatchObject({ code: "BAD_USER_INPUT", status: 400, field: expect.stringContaining("expiresAt") });
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes:");
  });

  test("server: an unreachable gateway is exit 6", async () => {
    const r = await cli("whoami", "--url", "http://127.0.0.1:9/graphql", "--json");
    expect(r.code).toBe(6);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: "NETWORK_ERROR", status: 0 });
  });
});
