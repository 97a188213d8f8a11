// Recognizes a database's "I gave up waiting" among the errors Prisma and its
// drivers raise: PostgreSQL's statement or lock timeout (57014, 55P03) and
// SQLite's busy timeout. They are load, not bugs: the edge answers TIMEOUT (503)
// with a retry hint instead of an internal error.
const CODES = new Set(["57014", "55P03", "SQLITE_BUSY", "SQLITE_BUSY_TIMEOUT", "P1008", "P2024"]);
const MESSAGES = /statement timeout|lock timeout|database is locked|SQLITE_BUSY|canceling statement due to/i;

export function isDatabaseTimeout(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const o = e as { code?: unknown; message?: unknown; originalCode?: unknown; meta?: { code?: unknown } };
    for (const code of [o.code, o.originalCode, o.meta?.code]) if (typeof code === "string" && CODES.has(code)) return true;
    if (typeof o.message === "string" && MESSAGES.test(o.message)) return true;
  }
  return false;
}
