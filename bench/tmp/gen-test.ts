import "reflect-metadata";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../../src/db/client.js";
import { generateBigTenant, ISSUE_8_SHAPE, scaled, BIG_TENANT } from "../../bench/big-tenant.js";
import { reconcileTenant } from "../../src/services/entitlement-rebuild.js";
import { createTestDatabase } from "../../test/helpers/database.js";
const tdb = await createTestDatabase(process.env.BENCH_DB ?? "sqlite");
const db = await openDatabase(tdb.url);
let t = performance.now();
const counts = await generateBigTenant(db.prisma, db.kind === "postgres", scaled(ISSUE_8_SHAPE, Number(process.env.SCALE ?? 0.1)));
console.log("generated", counts, ((performance.now() - t) / 1000).toFixed(1), "s");
t = performance.now();

const r = await reconcileTenant(db.prisma, BIG_TENANT, { repair: true });
console.log("rebuild", r.users, r.missing, r.repairedPairs, ((performance.now() - t) / 1000).toFixed(1), "s", "rss", process.memoryUsage().rss / 1e6);
console.log(await db.prisma.userEntitlement.count());
await db.close(); await tdb.drop();
