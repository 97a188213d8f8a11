// A tenant exists as soon as a validly signed token names it.
import type { Db } from "../db/client.js";

const known = new WeakMap<Db, Set<string>>();

export async function ensureTenant(prisma: Db, tenantId: string): Promise<void> {
  let seen = known.get(prisma);
  if (!seen) known.set(prisma, (seen = new Set()));
  if (seen.has(tenantId)) return;
  try {
    await prisma.tenant.upsert({ where: { id: tenantId }, create: { id: tenantId }, update: {} });
  } catch (e) {
    // A concurrent first request created it between Prisma's read and insert.
    if ((e as { code?: string }).code !== "P2002") throw e;
  }
  seen.add(tenantId);
}
