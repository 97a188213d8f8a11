// Start-up failures as one line an operator can act on: which part failed
// (configuration, database, Redis, port), where, and why; never a stack, and
// never a password from a URL.
import { ConfigError } from "../config.schema.js";

/** A URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.split(":")[0] + ":…";
  }
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim();
}

export type StartupStage = "config" | "database" | "redis" | "listen" | "other";

/** An error tagged with the start-up stage it came from (app.ts wraps its parts). */
export class StartupError extends Error {
  override name = "StartupError";
  constructor(
    readonly stage: StartupStage,
    override readonly cause: unknown,
  ) {
    super(messageOf(cause));
  }
}

export function describeStartupError(e: unknown, stage: StartupStage = "other", where: { databaseUrl?: string; redisUrl?: string | null; host?: string; port?: number } = {}): string {
  if (e instanceof ConfigError) return e.message;
  if (e instanceof StartupError) return describeStartupError(e.cause, e.stage, where);
  const code = (e as { code?: unknown }).code;
  if (stage === "listen") {
    const at = `${where.host ?? "0.0.0.0"}:${where.port}`;
    if (code === "EADDRINUSE") return `Cannot listen on ${at}: the port is already in use (set PORT to a free one).`;
    if (code === "EACCES") return `Cannot listen on ${at}: permission denied (use a port above 1023).`;
    if (code === "EADDRNOTAVAIL") return `Cannot listen on ${at}: HOST is not an address of this machine.`;
    return `Cannot listen on ${at}: ${messageOf(e)}`;
  }
  if (stage === "database") return `Cannot open the database ${redactUrl(where.databaseUrl ?? "")}: ${messageOf(e)}${typeof code === "string" && /^P\d+$/.test(code) ? ` (${code})` : ""}`;
  if (stage === "redis") return `Cannot reach Redis at ${redactUrl(where.redisUrl ?? "")}: ${messageOf(e)}`;
  return `Skill Gateway failed to start: ${messageOf(e)}`;
}
