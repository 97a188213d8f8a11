// Probes. /healthz answers as long as the process serves HTTP (a liveness
// probe must not fail because a dependency is down, or the orchestrator
// restarts a healthy process); /readyz checks what a request needs: the
// database and, when configured, Redis. Failures name the part, never its error.
import type { Express } from "express";
import type { App } from "../app.js";
import { log } from "../ops/log.js";

const CHECK_TIMEOUT_MS = 2_000;

async function check(name: string, probe: () => Promise<unknown>): Promise<"ok" | "unavailable"> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))),
    ]);
    return "ok";
  } catch (e) {
    log.warn({ err: e, check: name }, "readiness check failed");
    return "unavailable";
  } finally {
    clearTimeout(timer);
  }
}

export function mountHealth(expressApp: Express, app: App): void {
  expressApp.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  expressApp.get("/readyz", async (_req, res) => {
    const checks: Record<string, string> = { database: await check("database", () => app.db.prisma.$queryRawUnsafe("SELECT 1")) };
    if (app.config.redisUrl) checks.redis = await check("redis", () => app.events.ping());
    const ok = Object.values(checks).every((v) => v === "ok");
    res.status(ok ? 200 : 503).json({ ok, checks });
  });
}
