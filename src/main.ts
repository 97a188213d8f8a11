// Entry point: migrates the database, seeds the demo tenant on first start,
// serves the API (HTTP and WebSocket on one port) and runs the publish worker
// in the same process, unless --worker-only (worker alone) or RUN_WORKER=0.
import { loadConfig } from "./config.js";
import { createApp } from "./app.js";
import { startServer, type RunningServer } from "./server.js";
import { signToken } from "./auth/token.js";
import { seedDemo, DEMO_TENANT } from "./demo/seed.js";
import { PublishWorker } from "./jobs/worker.js";
import { startGrantSweeper } from "./jobs/grant-sweeper.js";
import { startUsageRetention } from "./jobs/usage-retention.js";

const workerOnly = process.argv.includes("--worker-only");
const config = loadConfig();
const app = await createApp(config);
const stops: (() => Promise<void>)[] = [];

if (config.runWorker || workerOnly) {
  const worker = new PublishWorker(app).start();
  // Expired grants already stop granting at expiresAt; the sweeper records it (EXPIRED, events, publish).
  const stopSweeper = startGrantSweeper(app);
  stops.push(async () => stopSweeper(), () => worker.stop());
  const stopRetention = startUsageRetention(app);
  stops.push(async () => stopRetention());
}

let server: RunningServer | undefined;
if (!workerOnly) {
  if (config.seedDemo) {
    const seeded = await seedDemo(app);
    if (seeded) console.log(`Seeded demo tenant "${DEMO_TENANT}".`);
  }
  server = await startServer(app);
  stops.unshift(() => server!.stop());
  const token = await signToken(config.jwtSecret, { sub: "admin@demo", tid: DEMO_TENANT, scopes: ["admin"] });
  console.log(`
Skill Gateway ready (${config.dbKind === "sqlite" ? `SQLite ${config.databaseUrl.slice(5)}` : "PostgreSQL"}${config.redisUrl ? " + Redis" : ""})
  GraphQL (HTTP and WebSocket): ${server.url}

Admin token for tenant "${DEMO_TENANT}" (valid 30 days):
  ${token}

Try it:
  curl -s ${server.url} -H 'content-type: application/json' \\
    -H "authorization: Bearer ${token}" \\
    -d '{"query":"{ user(id: \\"user:marco.mazzolin@dainese.it\\") { effectiveSkills { nodes { skill { id } skillVersion source } } } }"}'

More tokens: npm run token -- --tenant ${DEMO_TENANT} --scopes "skills:read skills:write"
`);
} else {
  console.log(`Skill Gateway worker running (${config.dbKind}${config.redisUrl ? " + Redis" : ""}).`);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops) await stop().catch((e: unknown) => console.error(e));
    await app.close();
    process.exit(0);
  });
}
