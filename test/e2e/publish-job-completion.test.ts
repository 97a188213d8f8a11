// publishJobUpdated(jobId) ends once the job is final: the client gets its
// states up to SUCCEEDED (or CANCELLED) and then `complete`, so scripts that
// watch a job need not guess when to stop. A stream of all jobs never ends.
import { afterAll, beforeAll, expect, test } from "vitest";
import { PublishWorker } from "../../src/jobs/worker.js";
import { collect, startGateway, stringClient, token, waitFor, wsClient, type E2EGateway } from "./helpers.js";

const JOB = `subscription($jobId: ID) { publishJobUpdated(jobId: $jobId) { id status usersPublished usersTotal } }`;

let gw: E2EGateway;
let admin: string;

beforeAll(async () => {
  gw = await startGateway({ seedDemo: true });
  admin = await token({ tenant: "dainese", scopes: ["admin"] });
});
afterAll(async () => {
  await gw?.close();
});

async function queueJobs(skill: string): Promise<string[]> {
  const data = await stringClient(gw.url, admin).ok<any>(
    `mutation($s: [ID!]) { updateArchetypeSkills(archetypeId: "firmware_engineer", addSkills: $s) { change { publishJobs { id status } } } }`,
    { s: [skill] },
  );
  const jobs = data.updateArchetypeSkills.change.publishJobs as { id: string; status: string }[];
  expect(jobs.length).toBeGreaterThan(0);
  expect(jobs.every((j) => j.status === "QUEUED")).toBe(true);
  return jobs.map((j) => j.id);
}

test("a job's subscription completes after SUCCEEDED; the all-jobs stream stays open", async () => {
  const [jobId] = await queueJobs("terraform");
  const ws = wsClient(gw.wsUrl, admin);
  const one = collect<{ publishJobUpdated: { status: string } }>(ws, JOB, { jobId });
  const all = collect(ws, JOB, {});
  await one.until((items) => items.length >= 1, { what: "the current state" });
  expect(one.items[0].publishJobUpdated.status).toBe("QUEUED");
  expect(one.completed).toBe(false);

  const worker = new PublishWorker(gw.app, { ...gw.app.config.worker, pollMs: 50 }).start();
  try {
    await waitFor(() => one.completed, { what: "the job subscription to complete" });
    expect(one.errors).toEqual([]);
    const statuses = one.items.map((m) => m.publishJobUpdated.status);
    expect(statuses.at(-1)).toBe("SUCCEEDED");
    expect(statuses.filter((s) => s === "SUCCEEDED")).toHaveLength(1);
    await all.until((items) => items.some((m) => m.publishJobUpdated.id === jobId && m.publishJobUpdated.status === "SUCCEEDED"));
    expect(all.completed).toBe(false);

    // Subscribing to a job that is already final sends its state and completes at once.
    const late = collect<{ publishJobUpdated: { status: string } }>(ws, JOB, { jobId });
    await waitFor(() => late.completed, { what: "the late subscription to complete" });
    expect(late.items.map((m) => m.publishJobUpdated.status)).toEqual(["SUCCEEDED"]);
  } finally {
    await worker.stop();
    all.dispose();
    await ws.dispose();
  }
});

test("a cancelled job's subscription completes after CANCELLED", async () => {
  const queued = await stringClient(gw.url, admin).ok<any>(`mutation { republish(input: { scope: TENANT }) { id status } }`);
  const jobId = queued.republish[0].id as string;
  const ws = wsClient(gw.wsUrl, admin);
  const one = collect<{ publishJobUpdated: { status: string } }>(ws, JOB, { jobId });
  try {
    await one.until((items) => items.length >= 1);
    await stringClient(gw.url, admin).ok(`mutation($id: ID!) { cancelPublishJob(id: $id) { id status } }`, { id: jobId });
    await waitFor(() => one.completed, { what: "the subscription to complete" });
    expect(one.items.map((m) => m.publishJobUpdated.status)).toEqual(["QUEUED", "CANCELLED"]);
  } finally {
    await ws.dispose();
  }
});
