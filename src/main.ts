// Entry point: migrates the database, seeds the demo tenant on first start,
// serves the API (HTTP and WebSocket on one port) and runs the publish worker
// in the same process, unless --worker-only (worker alone) or RUN_WORKER=0.
// Run it as one process (`node --import tsx src/main.ts`, as npm start does), so
// SIGTERM and SIGINT reach it and it leaves nothing running behind it.
import { loadConfig, type Config } from "./config.js";
import { createApp, type App } from "./app.js";
import { startServer, type RunningServer } from "./server.js";
import { signToken } from "./auth/token.js";
import { seedDemo, DEMO_TENANT } from "./demo/seed.js";
import { PublishWorker } from "./jobs/worker.js";
import { startGrantSweeper } from "./jobs/grant-sweeper.js";
import { startUsageRetention } from "./jobs/usage-retention.js";
import { log } from "./ops/log.js";
import { describeStartupError, type StartupStage } from "./ops/startup-errors.js";
import { assertPortFree } from "./ops/port-check.js";
import { applyHeapPolicy, suspendHeapFloor } from "./ops/heap-policy.js";

const workerOnly = process.argv.includes("--worker-only");
const stops: (() => Promise<void>)[] = [];
let app: App | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  stopping = true;
  for (const stop of stops) await stop().catch((e: unknown) => log.error({ err: e }, "shutdown step failed"));
  await app?.close().catch((e: unknown) => log.error({ err: e }, "closing the app failed"));
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    log.info({ signal }, "shutting down");
    void shutdown(0);
  });
}

/** One line on stderr and a non-zero exit: what failed at start, and where. */
function fail(e: unknown, stage: StartupStage, config?: Config): never {
  const where = config ? { databaseUrl: config.databaseUrl, redisUrl: config.redisUrl, host: config.host, port: config.port } : {};
  process.stderr.write(`${describeStartupError(e, stage, where)}\n`);
  process.exit(stage === "config" ? 2 : 1);
}

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  fail(e, "config");
}
applyHeapPolicy(config.heapGrowingPercent, process.execArgv, config.heapFloorMb);
if (!workerOnly) await assertPortFree(config.host, config.port).catch((e: unknown) => fail(e, "listen", config));
app = await createApp(config).catch((e: unknown) => fail(e, "other", config));

if (config.runWorker || workerOnly) {
  // A publish's garbage would pile up on top of the heap floor: it is off while jobs are in hand.
  const worker = new PublishWorker(app).onBusyChange(suspendHeapFloor).start();
  // Expired grants already stop granting at expiresAt; the sweeper records it (EXPIRED, events, publish).
  const stopSweeper = startGrantSweeper(app);
  stops.push(async () => stopSweeper(), () => worker.stop());
  const stopRetention = startUsageRetention(app);
  stops.push(async () => stopRetention());
}

if (!workerOnly) {
  if (config.seedDemo) {
    const seeded = await seedDemo(app);
    if (seeded) log.info({ tenant: DEMO_TENANT }, "seeded the demo tenant");
  }
  // The demo admin token is shown (and prefilled in the IDE and dashboard) only in development with the demo.
  const demoToken =
    config.seedDemo && !config.production
      ? await signToken(config.jwtSecret, { sub: "admin@demo", tid: DEMO_TENANT, scopes: ["admin"] })
      : null;
  const server: RunningServer = await startServer(app, { demoToken }).catch((e: unknown) => fail(e, "listen", config));
  stops.unshift(() => server.stop());
  const base = server.url.replace(/\/graphql$/, "");
  log.info({ url: server.url, db: config.dbKind, redis: Boolean(config.redisUrl) }, "Skill Gateway ready");
  if (demoToken) {
    process.stdout.write(`
Skill Gateway ready (${config.dbKind === "sqlite" ? `SQLite ${config.databaseUrl.slice(5)}` : "PostgreSQL"}${config.redisUrl ? " + Redis" : ""})
  GraphQL (HTTP and WebSocket): ${server.url}
  IDE (open in a browser):      ${server.url}
  Publish dashboard:            ${base}/dashboard/

Admin token for tenant "${DEMO_TENANT}" (valid 30 days):
  ${demoToken}

Try it:
  curl -s ${server.url} -H 'content-type: application/json' \\
    -H "authorization: Bearer ${demoToken}" \\
    -d '{"query":"{ user(id: \\"user:marco.mazzolin@dainese.it\\") { effectiveSkills { nodes { skill { id } skillVersion source } } } }"}'

More tokens: npm run token -- --tenant ${DEMO_TENANT} --scopes "skills:read skills:write"
`);
  }
} else {
  log.info({ db: config.dbKind, redis: Boolean(config.redisUrl) }, "Skill Gateway worker running");
}
