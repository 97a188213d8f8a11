// What every command shares: settings from the global flags, the SDK client,
// the output, and the hint for a NOT_FOUND answer.
import type { Command } from "commander";
import type { SkillGatewayClient } from "../../client.js";
import { SkillGatewayError } from "../../errors.js";
import { notFoundHint, type Ref } from "../hints.js";
import { Output } from "../output.js";
import { clientFor, resolveSettings, type GlobalOptions, type Settings } from "../settings.js";
import { UsageError } from "../usage-error.js";

export interface Ctx {
  settings: Settings;
  client: SkillGatewayClient;
  out: Output;
}

export type Opts = GlobalOptions & Record<string, unknown>;

/** Hints found for failed commands, printed by main under the error. */
export const hints = new WeakMap<Error, string>();

/**
 * Wraps a command body for commander: resolves settings, builds the client, and
 * on NOT_FOUND works out which id was wrong (refs) and what was meant.
 */
export function handler<A extends unknown[]>(
  body: (ctx: Ctx, opts: Opts, ...args: A) => Promise<void>,
  refs?: (opts: Opts, ...args: A) => Ref[],
) {
  return async (...raw: unknown[]) => {
    const command = raw.pop() as Command;
    raw.pop(); // the command's own options; optsWithGlobals has them too
    const opts = command.optsWithGlobals() as Opts;
    const settings = resolveSettings(opts);
    const ctx: Ctx = { settings, client: clientFor(settings), out: new Output(settings.json) };
    const args = raw as A;
    try {
      await body(ctx, opts, ...args);
    } catch (e) {
      if (e instanceof SkillGatewayError && e.code === "NOT_FOUND" && refs) {
        const hint = await notFoundHint(ctx.client, refs(opts, ...args)).catch(() => undefined);
        if (hint) hints.set(e, hint);
      }
      throw e;
    }
  };
}

/** A NOT_FOUND raised by the CLI itself (a query answered null), shaped like the gateway's. */
export function notFound(message: string, field?: string): SkillGatewayError {
  return new SkillGatewayError(message, "NOT_FOUND", 404, field);
}

/** Collects a repeatable, comma-separated list flag: --add a,b --add c → [a, b, c]. */
export function idList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, not "${value}"`);
    return n;
  };
}

export function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new UsageError(`${name} must be an integer, not "${value}"`);
    return n;
  };
}

/** --expires: an ISO date-time, or a duration from now such as 30d, 12h, 90m. */
export function parseExpiry(value: string, now = Date.now()): string {
  const rel = /^(\d+)\s*([dhm])$/i.exec(value.trim());
  if (rel) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2].toLowerCase() as "d" | "h" | "m"];
    return new Date(now + Number(rel[1]) * unit).toISOString();
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--expires "${value}" is neither a duration (30d, 12h, 90m) nor an ISO date-time`);
  return new Date(t).toISOString();
}

export function oneOf<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    const v = value.toUpperCase().replace(/-/g, "_") as T;
    if (!allowed.includes(v)) throw new UsageError(`${name} must be one of ${allowed.join(", ")}, not "${value}"`);
    return v;
  };
}
