// The README's walkthrough works verbatim: every ```sh block under its heading
// runs, in order, in one bash session against a freshly spawned demo gateway.
// Only the port differs: SKILL_GATEWAY_URL points the CLI at it and the curl URLs
// are rewritten. Each command must exit as its `# exits N` comment says (0 when
// none), and the key lines of output are checked below.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runProcess, startCliGateway, type CliGateway } from "./cli-helpers.js";
import { ROOT } from "./process-helpers.js";

const HEADING = "## Walkthrough: explore → dry run → change → watch";
const README_URL = "http://localhost:4000/graphql";

interface Step {
  command: string;
  expectedExit: number;
}

/** The commands of the section's sh blocks, continuation lines joined. */
function walkthroughSteps(readme: string): Step[] {
  const start = readme.indexOf(`${HEADING}\n`);
  if (start < 0) throw new Error(`README has no "${HEADING}" section`);
  const rest = readme.slice(start + HEADING.length);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const steps: Step[] = [];
  for (const block of section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const joined = block[1].replace(/\\\n\s*/g, "");
    for (const line of joined.split("\n")) {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith("#")) continue;
      const exits = /\s#\s*exits (\d+)\s*$/.exec(trimmed);
      steps.push({ command: exits ? trimmed.slice(0, exits.index).trim() : trimmed, expectedExit: exits ? Number(exits[1]) : 0 });
    }
  }
  return steps;
}

/** Key output, by the command it belongs to (each must match a step of the walkthrough). */
const expectations: { command: RegExp; output: RegExp[] }[] = [
  { command: /^npx skill-gateway whoami$/, output: [/^cli@skill-gateway {2}tenant dainese {2}scopes admin$/m] },
  { command: /^npx skill-gateway skills user:/, output: [/Effective skills \(8\):/, /ledger\.vendor-spend-review\s+by group:claresia-restricted-no-pii {2}\(overrides a grant\)/] },
  { command: /^npx skill-gateway explain \S+ ledger\.vendor-spend-review$/, output: [/NOT effective \(BLOCKED\)/, /user_grant \(grant_demo_vendor_spend\)/] },
  { command: /^npx skill-gateway skills marco/, output: [/did you mean user:marco\.mazzolin@dainese\.it\?/] },
  { command: /^curl .*explainSkill/, output: [/"effective":false/, /"reasons":\["BLOCKED"\]/, /"blockedBy":\[\{"id":"claresia-restricted-no-pii"\}\]/] },
  { command: /--dry-run$/, output: [/^DRY RUN grant terraform to user:marco\.mazzolin@dainese\.it/m, /affected users: 1/] },
  { command: /^curl .*blockSkillsForGroup/, output: [/"change":\{"dryRun":true,"added":\["steve\.prd-review"\],"removed":\[\],"affectedUsers":1\}/] },
  {
    command: /terraform .*--watch$/,
    output: [/^Done: grant terraform/m, /anthropic-claude-enterprise\s+\[#{24}\] 100% {2}1\/1 users {2}SUCCEEDED/, /All 2 publish jobs SUCCEEDED\./],
  },
  { command: /^npx skill-gateway jobs/, output: [/microsoft-copilot-m365\s+\[#{24}\] 100% {2}1\/1 users {2}SUCCEEDED.*entitlement_change/] },
  { command: /^npx skill-gateway explain \S+ terraform$/, output: [/terraform for user:marco\.mazzolin@dainese\.it: EFFECTIVE/] },
  { command: /^npx skill-gateway revoke/, output: [/^Done: revoke grant grant_\w+ \(terraform for user:marco/m, /All 2 publish jobs SUCCEEDED\./] },
];

let gw: CliGateway;

beforeAll(async () => {
  gw = await startCliGateway();
}, 90_000);

afterAll(async () => {
  await gw?.close();
});

test("every command of the README walkthrough runs against a demo gateway", { timeout: 240_000 }, async () => {
  const steps = walkthroughSteps(readFileSync(path.join(ROOT, "README.md"), "utf8"));
  expect(steps.length).toBeGreaterThanOrEqual(10);
  const script = steps
    .map((s, i) => `echo "::step ${i}"\n{ ${s.command.replaceAll(README_URL, gw.url)} ; } 2>&1\necho "::exit ${i} $?"`)
    .join("\n");
  // The gateway's own JWT_SECRET and DATA_DIR, as in the terminal where `npm start` runs.
  const r = await runProcess("bash", ["-c", script], {
    JWT_SECRET: gw.env.JWT_SECRET,
    DATA_DIR: gw.env.DATA_DIR,
    SKILL_GATEWAY_URL: gw.url,
  }, 230_000);
  expect(r.code, r.stderr).toBe(0);

  const outputs = steps.map((_, i) => {
    const m = new RegExp(`::step ${i}\\n([\\s\\S]*?)::exit ${i} (\\d+)\\n`).exec(r.stdout);
    if (!m) throw new Error(`step ${i} left no exit marker; output:\n${r.stdout}\n${r.stderr}`);
    return { output: m[1], exit: Number(m[2]) };
  });
  steps.forEach((s, i) => expect(outputs[i].exit, `exit of: ${s.command}\n${outputs[i].output}`).toBe(s.expectedExit));

  for (const e of expectations) {
    const i = steps.findIndex((s) => e.command.test(s.command));
    expect(i, `no walkthrough command matches ${e.command}`).toBeGreaterThanOrEqual(0);
    for (const re of e.output) expect(outputs[i].output, `${steps[i].command}`).toMatch(re);
  }
});
