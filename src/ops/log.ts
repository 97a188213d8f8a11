// One JSON logger for the whole process (pino). Module-level on purpose: the
// worker, feeds, bus and error formatter log from places that have no App at
// hand, and a process has one stdout. LOG_LEVEL is validated with the rest of
// the configuration (config.schema.ts); here an unknown level falls back to
// info so the logger never throws before that check can print its one line.
import { pino, type Logger } from "pino";

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function level(): string {
  const wanted = process.env.LOG_LEVEL?.toLowerCase();
  return wanted && LEVELS.includes(wanted) ? wanted : "info";
}

/** Header and field names whose values are credentials: never written, whatever logs them. */
export const REDACTED_PATHS = [
  "authorization",
  "token",
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "connectionParams.authorization",
  "connectionParams.Authorization",
  "err.config.headers.authorization",
];

export const log: Logger = pino({
  level: level(),
  base: { service: "skill-gateway" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  formatters: { level: (label) => ({ level: label }) },
});
