// Entry point: migrates the database, seeds the demo tenant on first start and
// serves the API (HTTP and WebSocket on one port).
import { loadConfig } from "./config.js";
import { createApp } from "./app.js";
import { startServer } from "./server.js";
import { signToken } from "./auth/token.js";
import { seedDemo, DEMO_TENANT } from "./demo/seed.js";

const config = loadConfig();
const app = await createApp(config);
if (config.seedDemo) {
  const seeded = await seedDemo(app);
  if (seeded) console.log(`Seeded demo tenant "${DEMO_TENANT}".`);
}
const server = await startServer(app);
const token = await signToken(config.jwtSecret, { sub: "admin@demo", tid: DEMO_TENANT, scopes: ["admin"] });
console.log(`
Skill Gateway ready (${config.dbKind === "sqlite" ? `SQLite ${config.databaseUrl.slice(5)}` : "PostgreSQL"})
  GraphQL (HTTP and WebSocket): ${server.url}

Admin token for tenant "${DEMO_TENANT}":
  ${token}

Try it:
  curl -s ${server.url} -H 'content-type: application/json' \\
    -H "authorization: Bearer ${token}" \\
    -d '{"query":"{ viewer { subject tenantId } skills(first: 5) { nodes { id name lifecycle currentVersion } } }"}'

More tokens: npm run token -- --tenant ${DEMO_TENANT} --scopes "skills:read skills:write"
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    await app.close();
    process.exit(0);
  });
}
