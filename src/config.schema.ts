// Every setting's shape, checked once at start (envalid) before anything opens
// a file, a socket or a database: a bad value stops the process with one line
// naming the variable, never a stack or a gateway that says "ready" and then
// fails on every poll.
import { cleanEnv, makeValidator, str, type Spec } from "envalid";

/** A start-up failure the operator can fix: printed as its message alone, exit code 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  makeValidator<number>((input) => {
    if (!/^\d+$/.test(input.trim())) throw new Error(`must be a whole number from ${min} to ${max}`);
    const n = Number(input);
    if (n < min || n > max) throw new Error(`must be a whole number from ${min} to ${max}`);
    return n;
  });

const databaseUrl = makeValidator<string>((input) => {
  if (input.startsWith("file:") || /^postgres(ql)?:\/\/[^/]/.test(input)) return input;
  throw new Error("must start with file: (SQLite) or postgres:// (PostgreSQL)");
});

const redisUrl = makeValidator<string>((input) => {
  if (/^rediss?:\/\/./.test(input)) return input;
  throw new Error("must start with redis:// or rediss://");
});

/** Comma-separated browser origins (scheme://host[:port]) or `*`. */
const origins = makeValidator<string>((input) => {
  for (const o of input.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (o === "*") continue;
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new Error(`"${o}" is not an origin (scheme://host[:port])`);
    }
    if (!/^https?:$/.test(url.protocol) || url.origin !== o.replace(/\/$/, "")) {
      throw new Error(`"${o}" is not an origin (scheme://host[:port], no path)`);
    }
  }
  return input;
});

const flag = makeValidator<string>((input) => {
  if (/^(1|0|true|false|yes|no|on|off)?$/i.test(input.trim())) return input;
  throw new Error("must be 1 or 0 (true/false, yes/no, on/off)");
});

const text = (spec: Spec<string> = {}) => str({ default: "", ...spec });

const specs = {
  NODE_ENV: str({ default: "development", choices: ["development", "production", "test"] }),
  PORT: int(0, 65_535)({ default: 4000 }),
  HOST: text(),
  DATA_DIR: text(),
  DATABASE_URL: databaseUrl({ default: undefined }),
  DATABASE_POOL_SIZE: int(1, 1000)({ default: 10 }),
  JWT_SECRET: text(),
  SEED_DEMO_DATA: flag({ default: "1" }),
  REDIS_URL: redisUrl({ default: undefined }),
  REDIS_PREFIX: text(),
  RUN_WORKER: flag({ default: "1" }),
  WORKER_CONCURRENCY: int(1, 256)({ default: 4 }),
  PUBLISH_LEASE_MS: int(1_000)({ default: 30_000 }),
  WORKER_POLL_MS: int(10)({ default: 1_000 }),
  PUBLISH_MAX_ATTEMPTS: int(1, 100)({ default: 5 }),
  PUBLISH_BACKOFF_MS: int(0)({ default: 1_000 }),
  PUBLISH_BATCH_SIZE: int(1, 100_000)({ default: 500 }),
  FILE_WRITER_THREADS: int(1, 16)({ default: 2 }),
  PUBLISH_DIR: text(),
  WEBHOOK_ALLOWED_HOSTS: text(),
  LOG_SQL: flag({ default: "0" }),
  LOG_LEVEL: str({ default: "info", choices: ["fatal", "error", "warn", "info", "debug", "trace", "silent"] }),
  CORS_ORIGINS: origins({ default: "" }),
  METRICS: flag({ default: "1" }),
  HEAP_GROWING_PERCENT: int(0, 1_000)({ default: 20 }),
  HEAP_FLOOR_MB: int(0, 65_536)({ default: 128 }),
};

/** Values that must never be echoed back, even when wrong. */
const SECRET = new Set(["JWT_SECRET", "DATABASE_URL", "REDIS_URL"]);

/**
 * Checks every known setting; throws a ConfigError whose message is one line
 * naming each bad variable, its value (unless secret) and what it must be.
 * Empty values count as unset, as they do in loadConfig.
 */
export function validateEnv(env: NodeJS.ProcessEnv): void {
  const present: Record<string, string> = {};
  for (const key of Object.keys(specs)) {
    const v = env[key];
    if (v !== undefined && v !== "") present[key] = v;
  }
  cleanEnv(present, specs, {
    reporter: ({ errors }) => {
      const bad = Object.entries(errors);
      if (!bad.length) return;
      const parts = bad.map(([key, err]) => {
        const shown = SECRET.has(key) ? "" : `=${JSON.stringify(present[key])}`;
        return `${key}${shown} ${(err as Error).message.replace(/\s+/g, " ").trim()}`;
      });
      throw new ConfigError(`Invalid configuration: ${parts.join("; ")}`);
    },
  });
}
