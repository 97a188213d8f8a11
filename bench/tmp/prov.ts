import { openDatabase } from "../../src/db/client.js";
import { createTestDatabase } from "../../test/helpers/database.js";
for (const k of ["sqlite", "postgres"]) { const t = await createTestDatabase(k); const db = await openDatabase(t.url);
  await db.prisma.$transaction(async (tx) => console.log(k, (db.prisma as any)._activeProvider, (tx as any)._activeProvider));
  await db.close(); await t.drop(); }
