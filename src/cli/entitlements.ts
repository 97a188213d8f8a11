// Operator command for the stored entitlements:
//   npm run entitlements -- verify --tenant dainese   recompute and compare; exit 1 when anything differs
//   npm run entitlements -- rebuild --tenant dainese  recompute and rewrite what differs
// It says what differed: counts of missing, extra and changed (user, skill)
// pairs, users with rows who no longer exist, and the first examples.
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { isClean, reconcileTenant, type ReconcileReport } from "../services/entitlement-rebuild.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tenant: { type: "string" }, all: { type: "boolean", default: false } },
});
const command = positionals[0];
if ((command !== "verify" && command !== "rebuild") || (!values.tenant && !values.all)) {
  console.error("Usage: npm run entitlements -- verify|rebuild --tenant <id>   (or --all for every tenant)");
  process.exit(2);
}

function describe(r: ReconcileReport, repair: boolean): string {
  const head = isClean(r)
    ? `tenant ${r.tenantId}: ${r.users} users, stored entitlements equal the resolution`
    : `tenant ${r.tenantId}: ${r.users} users; ${r.missing} missing, ${r.extra} extra, ${r.changed} changed (user, skill) pairs, ${r.orphanUsers} users gone` +
      (repair ? `; ${r.repairedPairs} rewritten` : "");
  return [head, ...r.examples.map((e) => `  ${e}`)].join("\n");
}

const config = loadConfig();
const db = await openDatabase(config.databaseUrl, { poolSize: 2 });
try {
  const repair = command === "rebuild";
  const tenants = values.all
    ? (await db.prisma.tenant.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((t) => t.id)
    : [values.tenant!];
  let dirty = false;
  for (const tenantId of tenants) {
    if (!(await db.prisma.tenant.findUnique({ where: { id: tenantId } }))) {
      console.error(`tenant ${tenantId}: no such tenant`);
      dirty = true;
      continue;
    }
    const started = Date.now();
    const report = await reconcileTenant(db.prisma, tenantId, { repair });
    console.log(`${describe(report, repair)}\n  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (!isClean(report) && !repair) dirty = true;
  }
  process.exitCode = dirty ? 1 : 0;
} finally {
  await db.close();
}
