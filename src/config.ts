// Reads the environment once. With nothing set, the gateway is embedded: one
// process, a SQLite file under ./data, an in-process event bus. DATABASE_URL
// (postgres://…) and REDIS_URL switch to the distributed parts.
import "dotenv/config";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { validateEnv } from "./config.schema.js";
import { listSetting, type OutboundPolicy } from "./net/outbound-policy.js";
import { loadLimitsConfig, type LimitsConfig } from "./core/limits.config.js";

export type DbKind = "sqlite" | "postgres";

export interface WorkerOptions {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  batchSize: number;
  /** FILE delivery's writer threads (a folder always on the same one); default 1. */
  fileWriterThreads?: number;
}

/** Local folders and git clones a repository may read (README, Security). */
export interface RepositoryOptions {
  /** Absolute folders under which <root>/<tenantId>/… may be registered; none: local folders are refused. */
  roots: string[];
  maxFiles: number;
  maxBytes: number;
  readTimeoutMs: number;
  git: OutboundPolicy & { cloneTimeoutMs: number; cloneMaxBytes: number };
}

export interface TimeoutOptions {
  /** Whole HTTP request, from the first byte to the answer. */
  requestMs: number;
  /** One SQL statement on PostgreSQL. */
  statementMs: number;
  /** Wait for SQLite's write lock. */
  sqliteBusyMs: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  dbKind: DbKind;
  databasePoolSize: number;
  jwtSecret: string;
  seedDemo: boolean;
  redisUrl: string | null;
  /** Redis channel prefix: processes sharing one prefix share one event fan-out. */
  redisPrefix: string;
  publishDir: string;
  webhookAllowedHosts: string[];
  webhooks: OutboundPolicy;
  webhookTimeoutMs: number;
  repositories: RepositoryOptions;
  timeouts: TimeoutOptions;
  runWorker: boolean;
  worker: WorkerOptions;
  logQueries: boolean;
  /** Days of usage events and rollups kept; older ones are pruned. */
  usageRetentionDays: number;
  /** NODE_ENV=production: no demo token in pages or output. */
  production: boolean;
  /** Browser origins allowed to call the API (CORS) and open its WebSocket; `*` for any. */
  corsOrigins: string[];
  /** Serve /metrics (Prometheus). */
  metrics: boolean;
  /** Query cost, budget, subscription and introspection limits (core/limits.config.ts). */
  limits: LimitsConfig;
  /**
   * How far V8 may grow its heap past the live size after a full collection, in
   * percent (V8's --heap-growing-percent); 0 leaves V8's own policy (up to 4x).
   */
  heapGrowingPercent: number;
  /** The heap floor in MB (0: none); off while the worker has jobs in hand or the heap grows fast (ops/heap-policy.ts). */
  heapFloorMb: number;
}

export function dbKindOf(url: string): DbKind {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: or postgres://, got "${url.split(":")[0]}:…"`);
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value === undefined || value === "" || !Number.isFinite(n) || n < 0 ? fallback : Math.floor(n);
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  return !/^(0|false|no|off)$/i.test(value);
}

/** JWT_SECRET, or one generated on first start and kept under the data directory. */
function jwtSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  const file = path.join(dataDir, "jwt-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  validateEnv(env);
  const dataDir = path.resolve(env.DATA_DIR ?? "data");
  const databaseUrl = env.DATABASE_URL || `file:${path.join(dataDir, "gateway.db")}`;
  return {
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? "0.0.0.0",
    dataDir,
    databaseUrl,
    dbKind: dbKindOf(databaseUrl),
    databasePoolSize: Number(env.DATABASE_POOL_SIZE ?? 10),
    jwtSecret: jwtSecret(env, dataDir),
    seedDemo: flag(env.SEED_DEMO_DATA, true),
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.REDIS_PREFIX || "skill-gateway",
    publishDir: path.resolve(env.PUBLISH_DIR ?? path.join(dataDir, "publish")),
    webhookAllowedHosts: listSetting(env.WEBHOOK_ALLOWED_HOSTS, ""),
    webhooks: {
      schemes: listSetting(env.WEBHOOK_ALLOWED_SCHEMES, "https"),
      hosts: listSetting(env.WEBHOOK_ALLOWED_HOSTS, ""),
      allowPrivate: flag(env.WEBHOOK_ALLOW_PRIVATE_NETWORKS, false),
    },
    webhookTimeoutMs: int(env.WEBHOOK_TIMEOUT_MS, 10_000),
    repositories: {
      roots: (env.REPOSITORY_ROOTS ?? "")
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean)
        .map((r) => path.resolve(r)),
      maxFiles: int(env.REPOSITORY_MAX_FILES, 10_000),
      maxBytes: int(env.REPOSITORY_MAX_BYTES, 100 * 1024 * 1024),
      readTimeoutMs: int(env.REPOSITORY_READ_TIMEOUT_MS, 30_000),
      git: {
        schemes: listSetting(env.GIT_ALLOWED_SCHEMES, "https"),
        hosts: listSetting(env.GIT_ALLOWED_HOSTS, "github.com,gitlab.com,bitbucket.org,codeberg.org"),
        allowPrivate: flag(env.GIT_ALLOW_PRIVATE_NETWORKS, false),
        cloneTimeoutMs: int(env.GIT_CLONE_TIMEOUT_MS, 60_000),
        cloneMaxBytes: int(env.GIT_CLONE_MAX_BYTES, 100 * 1024 * 1024),
      },
    },
    timeouts: {
      requestMs: int(env.REQUEST_TIMEOUT_MS, 30_000),
      statementMs: int(env.STATEMENT_TIMEOUT_MS, 30_000),
      sqliteBusyMs: int(env.SQLITE_BUSY_TIMEOUT_MS, 5_000),
    },
    runWorker: flag(env.RUN_WORKER, true),
    worker: {
      concurrency: Number(env.WORKER_CONCURRENCY ?? 4),
      leaseMs: Number(env.PUBLISH_LEASE_MS ?? 30_000),
      pollMs: Number(env.WORKER_POLL_MS ?? 1_000),
      maxAttempts: Number(env.PUBLISH_MAX_ATTEMPTS ?? 5),
      backoffBaseMs: Number(env.PUBLISH_BACKOFF_MS ?? 1_000),
      batchSize: Number(env.PUBLISH_BATCH_SIZE ?? 500),
      fileWriterThreads: int(env.FILE_WRITER_THREADS, 2),
    },
    logQueries: flag(env.LOG_SQL, false),
    usageRetentionDays: Math.max(1, Math.floor(Number(env.USAGE_RETENTION_DAYS ?? 400)) || 400),
    production: env.NODE_ENV === "production",
    corsOrigins: (env.CORS_ORIGINS ?? "").split(",").map((o) => o.trim().replace(/\/$/, "")).filter(Boolean),
    metrics: flag(env.METRICS, true),
    limits: loadLimitsConfig(env),
    heapGrowingPercent: int(env.HEAP_GROWING_PERCENT, 20),
    heapFloorMb: int(env.HEAP_FLOOR_MB, 128),
  };
}
