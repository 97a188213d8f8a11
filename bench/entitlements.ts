// Issue 8's bench: the enterprise tenant (bench/big-tenant.ts) on SQLite or
// PostgreSQL (BENCH_DB), its stored entitlements filled by the operator
// rebuild, then a real gateway process (src/main.ts) measured over HTTP:
// one user's effective skills, a skill's entitled users with totalCount, a page
// of 100 users with their counts, a real archetype change affecting the big
// archetype's users (and its dry run, which must answer the same), that change
// until SUCCEEDED on two FILE platforms, and the gateway's resident memory; and the
// one-user read once more against a floor with no framework (bench/picker-floor.server.ts).
// BENCH_ENT_USERS scales the tenant down (default 100,000).
import "reflect-metadata";
import { fork, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { signToken } from "../src/auth/token.js";
import { openDatabase } from "../src/db/client.js";
import { reconcileTenant } from "../src/services/entitlement-rebuild.js";
import { createTestDatabase } from "../test/helpers/database.js";
import { BIG_ARCHETYPE, BIG_TENANT, generateBigTenant, ISSUE_8_SHAPE, skillId, userId } from "./big-tenant.js";
import { ms, summary } from "./stats.js";
import { gatewayCommand } from "./gateway-command.js";
import { graphqlPoster } from "./graphql-post.js";
import { startProcess } from "./process.js";

const PORT = Number(process.env.BENCH_PORT ?? 4101);
// Requests per read (a quarter of it for the page of 100 users): 1,000 makes a p99 the
// 10th slowest; the 300 of the runs before 2026-12-07's third session made it the 3rd.
const READS = Number(process.env.BENCH_READS ?? 1000);

function rssOf(pid: number): { rss: number; hwm: number } {
  let status = "";
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    // The gateway is gone: its exit handler says how, with its last log lines.
  }
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

async function sizes(db: Awaited<ReturnType<typeof openDatabase>>): Promise<string> {
  if (db.kind === "postgres") {
    const [r] = await db.prisma.$queryRawUnsafe<{ t: bigint; i: bigint }[]>(
      `SELECT pg_table_size('"UserEntitlement"') AS t, pg_indexes_size('"UserEntitlement"') AS i`,
    );
    return `table ${(Number(r.t) / 1e6).toFixed(0)} MB + indexes ${(Number(r.i) / 1e6).toFixed(0)} MB`;
  }
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ name: string; s: bigint }[]>(
      `SELECT name, SUM(pgsize) AS s FROM dbstat WHERE name LIKE 'UserEntitlement%' GROUP BY name`,
    );
    return rows.map((r) => `${r.name.startsWith("UserEntitlement_") ? "index" : "table"} ${(Number(r.s) / 1e6).toFixed(0)} MB`).join(" + ");
  } catch {
    return "(dbstat unavailable)";
  }
}

/** The measuring client (bench/read-client.ts) in a process of its own, and its one-message-at-a-time exchange. */
function readClient(): { ask: <T>(msg: unknown) => Promise<T>; kill: () => void } {
  const client = fork(path.join(import.meta.dirname, "read-client.ts"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ask = <T>(msg: unknown) =>
    new Promise<T>((resolve, reject) => {
      client.once("message", (m: T & { error?: string }) => (m.error ? reject(new Error(`read client: ${m.error}`)) : resolve(m)));
      client.send(msg as object);
    });
  return { ask, kill: () => client.kill() };
}

/**
 * The picker read against bench/picker-floor.server.ts (node:http and the gateway's own two
 * reads, no GraphQL), on the same database, with the same client and the same users, after
 * checking that it answers the gateway's bytes: what is the framework's and what the machine's.
 */
async function pickerFloor(
  report: (line: string) => void,
  tag: string,
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>[],
  postToGateway: (payload: string) => Promise<string>,
): Promise<void> {
  const floor = await startProcess(["--import", "tsx", "bench/picker-floor.server.ts"], { DATABASE_URL: url, JWT_SECRET: "bench" }, "picker floor ready");
  const port = floor.port;
  const client = readClient();
  const { post, close } = graphqlPoster(port, token);
  try {
    for (const v of variables.slice(0, 5)) {
      const payload = JSON.stringify({ query, variables: v });
      // The data, byte for byte (the gateway adds its cost report under extensions).
      const [ours, bare] = [await postToGateway(payload), await post(payload)].map((t) => JSON.stringify((JSON.parse(t) as { data?: unknown }).data ?? t));
      if (ours !== bare) throw new Error(`the picker floor and the gateway disagree:\n${ours}\n${bare}`);
    }
    await client.ask({ port, token, query, variables: [...variables.slice(0, 5), ...variables] });
    const r = await client.ask<{ times: number[]; loopP99: number; loopMax: number }>({ go: true });
    const st = summary(r.times);
    report(`${tag} the same read, picker floor (node:http + the gateway's two reads, no GraphQL; same answers) (n=${st.n}): p50 ${ms(st.p50)}, p99 ${ms(st.p99)}; the client's event-loop delay p99 ${ms(r.loopP99)}, max ${ms(r.loopMax)}`);
  } finally {
    close();
    client.kill();
    await floor.stop();
  }
}

export async function runEntitlementsBench(report: (line: string) => void, kind = process.env.BENCH_DB ?? "sqlite"): Promise<void> {
  const users = Number(process.env.BENCH_ENT_USERS ?? ISSUE_8_SHAPE.users);
  const shape = { ...ISSUE_8_SHAPE, users, bigArchetypeUsers: Math.min(ISSUE_8_SHAPE.bigArchetypeUsers, users), grants: Math.round(users / 2) };
  const tag = `[${kind}, ${users} users${process.env.BENCH_GATEWAY_HEAP_MB ? `, heap cap ${process.env.BENCH_GATEWAY_HEAP_MB} MB` : ""}${process.env.BENCH_GATEWAY_NODE_ARGS ? `, ${process.env.BENCH_GATEWAY_NODE_ARGS}` : ""}${process.env.PUBLISH_BATCH_SIZE ? `, batch ${process.env.PUBLISH_BATCH_SIZE}` : ""}]`;
  const testDb = await createTestDatabase(kind);
  const dataDir = mkdtempSync(path.join(tmpdir(), "gw-bench-ent-"));
  let child: ReturnType<typeof spawn> | undefined;
  let stopping = false;
  let stopClient = () => {};
  try {
    // 1. The tenant, set-based; then its stored entitlements, as an operator rebuild fills them.
    const db = await openDatabase(testDb.url);
    let t = performance.now();
    const counts = await generateBigTenant(db.prisma, db.kind === "postgres", shape);
    report(`${tag} generated ${Object.values(counts).reduce((a, b) => a + b, 0)} rows in ${ms(performance.now() - t)}`);
    t = performance.now();
    const rebuilt = await reconcileTenant(db.prisma, BIG_TENANT, { repair: true });
    const rows = await db.prisma.userEntitlement.count({ where: { tenantId: BIG_TENANT } });
    report(`${tag} stored entitlements: ${rows} rows (${rebuilt.repairedPairs} pairs) written by rebuild in ${ms(performance.now() - t)}; ${await sizes(db)}`);
    // After a bulk load, as an operator would (and as autovacuum eventually does): fresh
    // planner statistics, and no vacuum of 2 M new rows competing with the measured reads.
    t = performance.now();
    await db.prisma.$executeRawUnsafe(db.kind === "postgres" ? "VACUUM (ANALYZE)" : "ANALYZE");
    report(`${tag} ${db.kind === "postgres" ? "VACUUM (ANALYZE)" : "ANALYZE"} after the load: ${ms(performance.now() - t)}`);
    const inArchetype = new Set((await db.prisma.archetypeSkill.findMany({ where: { tenantId: BIG_TENANT, archetypeId: BIG_ARCHETYPE } })).map((r) => r.skillId));
    let changeSkill = shape.skills - 1;
    while (inArchetype.has(skillId(changeSkill))) changeSkill--;
    await db.close();

    // 2. A real gateway process with its worker, over HTTP.
    // BENCH_PROFILE_DIR: the gateway writes a V8 CPU profile there on exit (bench/profile-summary.ts reads it).
    const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    // BENCH_GATEWAY_HEAP_MB: the gateway's V8 old-space cap (--max-old-space-size), as a deployment would set it.
    const heap = process.env.BENCH_GATEWAY_HEAP_MB ? [`--max-old-space-size=${Number(process.env.BENCH_GATEWAY_HEAP_MB)}`] : [];
    // BENCH_GATEWAY_NODE_ARGS: more node/V8 flags for the gateway, space-separated (GC experiments).
    const extra = (process.env.BENCH_GATEWAY_NODE_ARGS ?? "").split(" ").filter(Boolean);
    child = spawn(process.execPath, [...profile, ...heap, ...extra, ...gatewayCommand()], {
      cwd: path.resolve(import.meta.dirname, ".."),
      // NODE_ENV=production as a deployment (and the throughput bench) runs it: graphql-js
      // checks every instanceof across realms outside production (2.6 % of the read's CPU).
      env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: testDb.url, JWT_SECRET: "bench", SEED_DEMO_DATA: "0", RUN_WORKER: "1",
        // 1,000 reads a phase spend more than a minute's query budget of one token (5,000 points); the bench measures speed, not the limiter.
        RATE_LIMIT_POINTS: "1000000000" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    // One reader of the gateway's stdout, line by line: its ready line, and the gateway's
    // own time for each request from its request log (durationMs: from the gateway receiving
    // the request to the response's last byte handed to the socket).
    const serverMs: number[] = [];
    // The gateway's last log lines, shown if it exits before the bench is done with it.
    const lastLines: string[] = [];
    child.once("exit", (code, signal) => {
      if (!stopping) console.error(`the gateway exited during the bench (code ${code}, signal ${signal}); its last log lines:\n${lastLines.join("\n")}`);
    });
    let partial = "";
    let ready: () => void = () => {};
    child.stdout!.on("data", (b: Buffer) => {
      const lines = (partial + b.toString()).split("\n");
      partial = lines.pop()!;
      for (const line of lines) {
        lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
        if (line.includes("Skill Gateway ready")) ready();
        if (!line.includes('"msg":"request"')) continue;
        try {
          serverMs.push((JSON.parse(line) as { durationMs: number }).durationMs);
        } catch {
          // not a log line
        }
      }
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("gateway did not start")), 120_000);
      ready = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const pid = child.pid!;
    const phases: string[] = [`idle ${(rssOf(pid).rss / 1e6).toFixed(0)} MB`];
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid).rss)), 100);
    const token = await signToken("bench", { sub: "bench", tid: BIG_TENANT, scopes: ["admin"] });
    // The client (bench/graphql-post.ts): node:http on one kept-alive connection.
    const { post, close: closePoster } = graphqlPoster(PORT, token);
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const body = JSON.parse(await post(JSON.stringify({ query, variables }))) as { data?: any; errors?: unknown[] };
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    let seed = 1;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n);
    // The reads are timed by bench/read-client.ts in a process of its own (its header says why).
    const { ask, kill } = readClient();
    stopClient = kill;
    const pause = () => new Promise((r) => setTimeout(r, 100));
    const timed = async (label: string, query: string, variables: Record<string, unknown>[]) => {
      await ask({ port: PORT, token, query, variables: [...variables.slice(0, 5), ...variables] }); // five to warm up
      await pause(); // the warm-up's log lines
      const from = serverMs.length;
      const r = await ask<{ times: number[]; loopP99: number; loopMax: number }>({ go: true });
      await pause();
      const st = summary(r.times);
      const server = summary(serverMs.slice(from));
      const own = server.n ? `; the gateway's own time p50 ${ms(server.p50)}, p99 ${ms(server.p99)}` : "";
      const loop = `; the client's event-loop delay p99 ${ms(r.loopP99)}, max ${ms(r.loopMax)}`;
      report(`${tag} ${label} (n=${st.n}): p50 ${ms(st.p50)}, p99 ${ms(st.p99)}${own}${loop}`);
    };
    const many = <T>(n: number, make: () => T) => Array.from({ length: n }, make);

    const ONE = `query($id: ID!) { user(id: $id) { effectiveSkills(first: 100) { totalCount nodes { skill { id } source } } } }`;
    if (!(await gql(ONE, { id: userId(rand(users)) })).user.effectiveSkills.totalCount) throw new Error("a user without skills");
    const oneVariables = many(READS, () => ({ id: userId(rand(users)) }));
    await timed("one user's effectiveSkills(first: 100) { totalCount nodes { skill { id } source } }", ONE, oneVariables);
    const ENTITLED = `query($id: ID!) { skill(id: $id) { entitledUsers(first: 20) { totalCount nodes { id } } } }`;
    await timed("skill(id) { entitledUsers(first: 20) { totalCount nodes { id } } }", ENTITLED, many(READS, () => ({ id: skillId(rand(shape.skills)) })));
    const cursors: (string | null)[] = [null];
    for (let i = 0; i < 20; i++) cursors.push((await gql(`query($a: String) { users(first: 100, after: $a) { pageInfo { endCursor } } }`, { a: cursors.at(-1) })).users.pageInfo.endCursor);
    const PAGE = `query($a: String) { users(first: 100, after: $a) { nodes { id effectiveSkills { totalCount } } } }`;
    await timed("users(first: 100) { nodes { effectiveSkills { totalCount } } }", PAGE, many(READS / 4, () => ({ a: cursors[rand(cursors.length)] })));
    stopClient();

    phases.push(`after the reads ${(rssOf(pid).rss / 1e6).toFixed(0)} MB (peak ${(peak / 1e6).toFixed(0)})`);
    await pickerFloor(report, tag, testDb.url, token, ONE, oneVariables, post);

    // 3. The archetype change, dry and real, then until both FILE platforms SUCCEEDED.
    const CHANGE = `mutation($add: [ID!], $remove: [ID!], $dry: Boolean) {
      updateArchetypeSkills(archetypeId: "${BIG_ARCHETYPE}", addSkills: $add, removeSkills: $remove, dryRun: $dry) {
        change { affectedUsers added removed warnings publishJobs { id } } } }`;
    const real: number[] = [];
    const dry: number[] = [];
    const e2e: number[] = [];
    const rounds = Number(process.env.BENCH_CHANGE_ROUNDS ?? 6);
    for (let i = 0; i < rounds; i++) {
      const vars = i % 2 === 0 ? { add: [skillId(changeSkill)] } : { remove: [skillId(changeSkill)] };
      let s = performance.now();
      const d = (await gql(CHANGE, { ...vars, dry: true })).updateArchetypeSkills.change;
      dry.push(performance.now() - s);
      if (i === 0) phases.push(`after a dry run ${(rssOf(pid).rss / 1e6).toFixed(0)} MB (peak ${(peak / 1e6).toFixed(0)})`);
      s = performance.now();
      const r = (await gql(CHANGE, vars)).updateArchetypeSkills.change;
      real.push(performance.now() - s);
      if (i === 0) phases.push(`after the real change ${(rssOf(pid).rss / 1e6).toFixed(0)} MB (peak ${(peak / 1e6).toFixed(0)})`);
      const { publishJobs, ...same } = r;
      const { publishJobs: none, ...dryPart } = d;
      if (JSON.stringify(same) !== JSON.stringify(dryPart) || none.length !== 0) throw new Error(`dry run differs: ${JSON.stringify([d, r])}`);
      if (r.affectedUsers < shape.bigArchetypeUsers * 0.9 || publishJobs.length !== 2) throw new Error(`unexpected change ${JSON.stringify(r)}`);
      for (;;) {
        const jobs = await Promise.all(publishJobs.map((j: { id: string }) => gql(`query($id: ID!) { publishJob(id: $id) { status error } }`, { id: j.id })));
        const states = jobs.map((j) => j.publishJob.status);
        if (states.includes("FAILED")) throw new Error(`publish failed: ${JSON.stringify(jobs)}`);
        if (states.every((x) => x === "SUCCEEDED")) break;
        await new Promise((res) => setTimeout(res, 25));
      }
      e2e.push(performance.now() - s);
      if (i === 0) phases.push(`after its publish ${(rssOf(pid).rss / 1e6).toFixed(0)} MB (peak ${(peak / 1e6).toFixed(0)})`);
    }
    const [dr, rr, ee] = [summary(dry), summary(real), summary(e2e)];
    report(`${tag} archetype change, ~${shape.bigArchetypeUsers} users affected (those without the skill from another source), dryRun (n=${dr.n}): p50 ${ms(dr.p50)}, p99 ${ms(dr.p99)}`);
    report(`${tag} the same change for real (stored rows, events, jobs) (n=${rr.n}): p50 ${ms(rr.p50)}, p99 ${ms(rr.p99)}`);
    report(`${tag} change → SUCCEEDED on 2 FILE platforms, ${2 * shape.bigArchetypeUsers} manifests (n=${ee.n}): p50 ${ms(ee.p50)}, p99 ${ms(ee.p99)}`);
    clearInterval(sampler);
    const mem = rssOf(pid);
    closePoster();
    report(`${tag} gateway resident memory: peak sampled ${(peak / 1e6).toFixed(0)} MB, VmHWM ${(mem.hwm / 1e6).toFixed(0)} MB; ${phases.join(", ")}`);
  } finally {
    stopping = true;
    stopClient();
    child?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await testDb.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
