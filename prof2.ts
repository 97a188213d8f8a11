import "reflect-metadata";
import { performance } from "node:perf_hooks";
import { graphql as execute } from "graphql";
import { createApp } from "./src/app.js";
import { loadConfig } from "./src/config.js";
import { seedLargeTenant } from "./bench/fixtures.js";
import { createContext } from "./src/api/context.js";
import { gatewaySchema } from "./src/api/schema.js";
import { SCOPES } from "./src/auth/token.js";
import { PublishWorker } from "./src/jobs/worker.js";
const app = await createApp(loadConfig({ DATABASE_URL: "file:/tmp/prof/x.db", JWT_SECRET: "b", DATA_DIR: "/tmp/prof", SEED_DEMO_DATA: "0" }));
await seedLargeTenant(app, 10000);
const w = new PublishWorker(app, { concurrency: 4, leaseMs: 60000, pollMs: 1000, maxAttempts: 3, backoffBaseMs: 500, batchSize: 1000 }).start();
const principal = { subject: "bench", tenantId: "bench", scopes: [...SCOPES], agentId: null };
for (let i = 0; i < 4; i++) {
const t0 = performance.now();
let done = 0; let resolveAll: () => void; const all = new Promise<void>((r) => (resolveAll = r));
const un = app.events.subscribe((m) => { if (m.type === "job" && m.job.status === "SUCCEEDED" && ++done === 2) resolveAll(); });
await execute({ schema: await gatewaySchema(), source: `mutation { updateArchetypeSkills(archetypeId: "engineer", ${i % 2 ? "removeSkills" : "addSkills"}: ["bench.skill-30"]) { change { affectedUsers } } }`, contextValue: createContext(app, principal) });
await all; un();
console.log("round", i, (performance.now() - t0).toFixed(0));
}
await w.stop(); await app.close();
