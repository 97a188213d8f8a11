import { openDatabase } from "../../src/db/client.js";
import { createTestDatabase } from "../../test/helpers/database.js";
const tdb = await createTestDatabase(process.env.BENCH_DB ?? "sqlite");
const db = await openDatabase(tdb.url);
const N = 20000;
const rows = Array.from({ length: N }, (_, i) => ({ tenantId: "t", userId: `user:u${i}@x.test`, skillId: `ent.skill-${i % 5000}`, validFrom: 0n, validUntil: null, blocked: false, skillVersion: "1.0.0", sources: '[[0,"arch-001",1764612345000]]', deprecated: false, overridesGrant: false }));
let t = Date.now();
await db.prisma.userEntitlement.createMany({ data: rows.slice(0, 5000) });
console.log("createMany 5000", Date.now() - t, "ms");
t = Date.now();
const cols = ["tenantId","userId","skillId","validFrom","validUntil","blocked","skillVersion","sources","deprecated","overridesGrant"];
const per = Math.floor(900 / cols.length);
const rest = rows.slice(5000);
const ph = (n: number, base: number) => db.kind === "postgres" ? `(${cols.map((_, j) => `$${base + j + 1}`).join(",")})` : `(${cols.map(() => "?").join(",")})`;
for (let i = 0; i < rest.length; i += per) {
  const part = rest.slice(i, i + per);
  const params: unknown[] = [];
  const values = part.map((r, k) => { params.push(r.tenantId, r.userId, r.skillId, r.validFrom, r.validUntil, r.blocked, r.skillVersion, r.sources, r.deprecated, r.overridesGrant); return ph(cols.length, k * cols.length); });
  await db.prisma.$executeRawUnsafe(`INSERT INTO "UserEntitlement" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${values.join(",")}`, ...params);
}
console.log("raw 15000", Date.now() - t, "ms");
console.log(await db.prisma.userEntitlement.count());
await db.close(); await tdb.drop();
