// The gateway's own pages in Debian's Chromium (playwright-core): the IDE runs a
// query and a subscription; the dashboard shows a job created by a mutation go
// from QUEUED to SUCCEEDED with its bar at 100 %. No request may leave the
// gateway's origin (the pages work offline). Screenshots go to
// test/.tmp/screenshots/ as artifacts.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { PublishWorker } from "../../src/jobs/worker.js";
import { ROOT } from "../e2e/process-helpers.js";
import { startGateway, stringClient, token, type E2EGateway } from "../e2e/helpers.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT, "test/.tmp/screenshots");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

let gw: E2EGateway;
let browser: Browser;
let origin: string;
let demoToken: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium; .ci/run does)`);
  mkdirSync(SHOTS, { recursive: true });
  demoToken = await token({ tenant: "dainese", sub: "admin@demo", scopes: ["admin"] });
  // No worker yet: the dashboard test starts one once the page has shown the job QUEUED.
  gw = await startGateway({ seedDemo: true, demoToken });
  origin = `http://127.0.0.1:${gw.server.port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

/** A fresh page that records every request leaving the gateway's origin. */
async function openPage(): Promise<{ page: Page; context: BrowserContext; outside: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const outside: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith(origin.replace("http", "ws")) && !/^(data|blob):/.test(url)) outside.push(url);
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, context, outside, errors };
}

/** Replaces the IDE's query editor content; the text is typed into Monaco, which closes brackets as it goes. */
async function setQuery(page: Page, text: string): Promise<void> {
  const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press("Escape"); // close any suggestion box
}

async function resultText(page: Page): Promise<string> {
  return (await page.locator(".result-window").innerText()).replace(/\u00a0/g, " ");
}

describe("IDE at GET /graphql", () => {
  test("runs a query and a subscription with the prefilled demo token, all offline", async () => {
    const { page, context, outside, errors } = await openPage();
    try {
      await page.goto(`${origin}/graphql`);
      await page.locator(".graphiql-execute-button").waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator(".graphiql-editor-tool, .graphiql-editor-tools").first().isVisible(), { timeout: 10_000 }).toBe(true);

      // The default query, with the token from the page's default headers.
      await page.locator(".graphiql-execute-button").click();
      // Monaco renders only the visible lines of the result.
      await expect.poll(() => resultText(page), { timeout: 20_000 }).toContain('"tenantId": "dainese"');
      expect(await resultText(page)).toContain('"effectiveSkills"');
      expect(await resultText(page)).not.toContain("errors");
      await page.screenshot({ path: path.join(SHOTS, "ide-query.png") });

      await setQuery(page, "subscription Events { governanceEvents(kinds: [\"skill.entitlement_changed\"]) { id kind subjects ");
      // GraphiQL re-reads the operation (name and type) after a pause in typing; the tab shows it.
      await expect.poll(() => page.locator(".graphiql-tab-active").innerText()).toContain("Events");
      await page.waitForTimeout(500);
      await page.locator(".graphiql-execute-button").click();
      // Give graphql-ws a moment to subscribe, then cause an event over HTTP.
      await page.waitForTimeout(1_500);
      await stringClient(gw.url, demoToken).ok(
        `mutation { updateArchetypeSkills(archetypeId: "firmware_engineer", addSkills: ["boss.standup-notes"]) { change { affectedUsers } } }`,
      );
      await expect
        .poll(async () => {
          const t = await resultText(page);
          if (t.includes('"errors"')) {
            await page.screenshot({ path: path.join(SHOTS, "ide-subscription-error.png") });
            throw new Error(t);
          }
          return t;
        }, { timeout: 20_000 })
        .toContain("skill.entitlement_changed");
      expect(await resultText(page)).toContain("archetype:firmware_engineer");
      await page.screenshot({ path: path.join(SHOTS, "ide-subscription.png") });
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe("publish dashboard at /dashboard", () => {
  test("shows a job created by a mutation go from QUEUED to SUCCEEDED with its bar at 100 %", async () => {
    const { page, context, outside, errors } = await openPage();
    let worker: PublishWorker | undefined;
    try {
      await page.goto(`${origin}/dashboard`);
      await page.locator("#conn.on").waitFor({ timeout: 20_000 });
      expect(await page.locator("#who").innerText()).toContain("tenant dainese");

      // The dry-run form shows the payload and changes nothing.
      await page.fill("#target", "firmware_engineer");
      await page.fill("#skills", "terraform");
      await page.click("#dry");
      await page.locator('#payload[data-done="dry-run"]').waitFor();
      const dry = JSON.parse(await page.locator("#payload").innerText());
      expect(dry).toMatchObject({ dryRun: true, added: ["terraform"], publishJobs: [] });
      expect(dry.affectedUsers).toBeGreaterThan(0);

      // The real change, made by a script over HTTP: its jobs appear QUEUED, live.
      const change = await stringClient(gw.url, demoToken).ok<any>(
        `mutation { updateArchetypeSkills(archetypeId: "firmware_engineer", addSkills: ["terraform"]) { change { publishJobs { id } } } }`,
      );
      const jobIds: string[] = change.updateArchetypeSkills.change.publishJobs.map((j: { id: string }) => j.id);
      expect(jobIds.length).toBe(2);
      for (const id of jobIds) await page.locator(`tr[data-job="${id}"][data-status="QUEUED"]`).waitFor({ timeout: 10_000 });
      expect(await page.locator(`tr[data-job="${jobIds[0]}"]`).getAttribute("data-progress")).toBe("0");
      await page.screenshot({ path: path.join(SHOTS, "dashboard-queued.png"), fullPage: true });

      worker = new PublishWorker(gw.app, { ...gw.app.config.worker, pollMs: 50 }).start();
      for (const id of jobIds) await page.locator(`tr[data-job="${id}"][data-status="SUCCEEDED"]`).waitFor({ timeout: 20_000 });
      for (const id of jobIds) {
        const row = page.locator(`tr[data-job="${id}"]`);
        expect(await row.getAttribute("data-progress")).toBe("100");
        const history = (await row.getAttribute("data-history"))!.split(",");
        expect(history[0]).toBe("QUEUED");
        expect(history.at(-1)).toBe("SUCCEEDED");
        // The bar is drawn full: its inner width equals the track's.
        const widths = await row.locator(".bar").evaluate((bar) => [bar.getBoundingClientRect().width, bar.firstElementChild!.getBoundingClientRect().width]);
        await expect.poll(() => row.locator(".bar").evaluate((bar) => Math.round(bar.firstElementChild!.getBoundingClientRect().width) === Math.round(bar.getBoundingClientRect().width))).toBe(true);
        expect(widths[0]).toBeGreaterThan(50);
      }
      // Each platform's last result and lag; the governance stream has the change.
      await expect.poll(() => page.locator("#platforms").innerText()).toMatch(/SUCCEEDED · lag \d/);
      await expect.poll(() => page.locator("#events").innerText()).toContain("skill.entitlement_changed");
      await page.screenshot({ path: path.join(SHOTS, "dashboard-succeeded.png"), fullPage: true });
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await worker?.stop();
      await context.close();
    }
  }, 120_000);

  test("the usage panel shows reported use by skill and the entitled skills nobody uses, per window", async () => {
    const client = stringClient(gw.url, demoToken);
    const marco = "user:marco.mazzolin@dainese.it";
    const seen = await client.ok<any>(`query($u: ID!) { user(id: $u) { effectiveSkills(first: 2) { nodes { skill { id } } } } }`, { u: marco });
    const [used, other] = seen.user.effectiveSkills.nodes.map((n: { skill: { id: string } }) => n.skill.id);
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000 - 60_000).toISOString();
    const event = (id: string, skillId: string, daysAgo: number) => ({ clientEventId: id, userId: marco, skillId, occurredAt: at(daysAgo), inputTokens: 1500, outputTokens: 300, costUsd: 0.25 });
    const reported = await client.ok<any>(`mutation($e: [UsageEventInput!]!) { reportUsage(events: $e) { accepted } }`, {
      e: [event("dash-1", used, 1), event("dash-2", used, 2), event("dash-3", used, 3), event("dash-4", other, 20)],
    });
    expect(reported.reportUsage.accepted).toBe(4);

    const { page, context, outside, errors } = await openPage();
    try {
      await page.goto(`${origin}/dashboard`);
      await page.locator('#usage-status[data-loaded="30"]').waitFor({ timeout: 20_000 });
      const usedRow = page.locator(`#top-skills tr[data-skill="${used}"]`);
      expect(await usedRow.locator("td").allInnerTexts()).toEqual([used, "3", "4,500 / 900", "$0.75"]);
      expect(await page.locator(`#top-skills tr[data-skill="${other}"] td`).nth(1).innerText()).toBe("1");
      // The demo's other effective skills are entitled and unused: prune candidates, with their counts.
      const unused = page.locator("#unused tr[data-skill]");
      expect(await unused.count()).toBeGreaterThan(0);
      expect(await page.locator(`#unused tr[data-skill="${used}"]`).count()).toBe(0);
      expect(await unused.first().locator("td").nth(1).innerText()).toMatch(/^\d[\d,]* \/ \d[\d,]*$/);
      await page.screenshot({ path: path.join(SHOTS, "dashboard-usage.png"), fullPage: true });

      // A 7-day window leaves out the use of 20 days ago.
      await page.selectOption("#usage-days", "7");
      await page.click("#usage-refresh");
      await page.locator('#usage-status[data-loaded="7"]').waitFor();
      expect(await page.locator(`#top-skills tr[data-skill="${other}"]`).count()).toBe(0);
      expect(await usedRow.locator("td").nth(1).innerText()).toBe("3");
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  test("without a token the dashboard asks for one; a bad token is refused, not shown as data", async () => {
    const bare = await startGateway({ seedDemo: false });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const bareOrigin = `http://127.0.0.1:${bare.server.port}`;
      await page.goto(`${bareOrigin}/dashboard/`);
      await expect.poll(() => page.locator("#conn").innerText()).toBe("paste a token");
      expect(await page.locator("#token").inputValue()).toBe("");
      await page.fill("#token", "not-a-token");
      await page.click("#auth button");
      await expect.poll(() => page.locator("#conn").innerText()).toContain("UNAUTHENTICATED");
    } finally {
      await context.close();
      await bare.close();
    }
  }, 60_000);
});
