// A tenant exists as soon as a validly signed token names it.
import type { Db } from "../db/client.js";

const known = new WeakMap<Db, Set<string>>();

export async function ensureTenant(prisma: Db, tenantId: string): Promise<void> {
  let seen = known.get(prisma);
  if (!seen) known.set(prisma, (seen = new Set()));
  if (seen.has(tenantId)) return;
  await prisma.tenant.upsert({ where: { id: tenantId }, create: { id: tenantId }, update: {} });
  seen.add(tenantId);
}
