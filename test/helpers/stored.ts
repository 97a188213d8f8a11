// Tests that seed rows straight through Prisma bypass the entitlement engine;
// they bring the stored entitlements up to date the way an operator would.
import { isClean, reconcileTenant } from "../../src/services/entitlement-rebuild.js";
import type { TestGateway } from "./harness.js";

export async function rebuildStored(gw: TestGateway, tenantId = "acme"): Promise<void> {
  await reconcileTenant(gw.app.db.prisma, tenantId, { repair: true });
  const check = await reconcileTenant(gw.app.db.prisma, tenantId, { repair: false });
  if (!isClean(check)) throw new Error(`rebuild left differences: ${check.examples.join("; ")}`);
}
