// PostgreSQL `timestamp` text read by the driver reads (db/direct-reads.ts): the
// digit-by-digit path must give exactly the Date the ISO parse gives, for every
// fraction length PostgreSQL writes, and leave every other shape to the ISO parse.
import { expect, test } from "vitest";
import { parseTimestamp } from "../../src/db/direct-reads.js";

const iso = (s: string) => new Date(`${s.replace(" ", "T")}Z`);
const pad = (v: number, n: number) => String(v).padStart(n, "0");

test("every fraction length and a spread of instants read as the ISO parse reads them", () => {
  let seed = 42;
  const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
  for (let i = 0; i < 5000; i++) {
    const d = new Date(Date.UTC(100 + rnd(9900), rnd(12), 1 + rnd(28), rnd(24), rnd(60), rnd(60)));
    const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
    const digits = rnd(7);
    const text = digits ? `${base}.${pad(rnd(10 ** digits), digits)}` : base;
    expect(parseTimestamp(text).getTime(), text).toBe(iso(text).getTime());
  }
  expect(parseTimestamp("2026-03-01 00:00:00.001").toISOString()).toBe("2026-03-01T00:00:00.001Z");
  expect(parseTimestamp("2026-03-01 00:00:00.5").toISOString()).toBe("2026-03-01T00:00:00.500Z");
  expect(parseTimestamp("2026-12-31 23:59:59.999999").toISOString()).toBe("2026-12-31T23:59:59.999Z");
  expect(parseTimestamp("2024-02-29 12:00:00").toISOString()).toBe("2024-02-29T12:00:00.000Z");
});

test("other shapes go the ISO way: early years, BC, infinity, stray characters", () => {
  for (const text of ["0099-01-01 00:00:00", "0001-06-15 10:00:00.25", "0044-03-15 12:00:00 BC", "infinity", "-infinity", "2026-03-01 00:00:0x", "2026-03-01 00:00:00.12a", "2026-03-01T00:00:00"]) {
    const a = parseTimestamp(text).getTime();
    const b = iso(text).getTime();
    expect(Number.isNaN(a) ? "invalid" : a, text).toBe(Number.isNaN(b) ? "invalid" : b);
  }
  // Years before 100: Date.UTC would read 0099 as 1999; the ISO parse does not.
  expect(parseTimestamp("0099-01-01 00:00:00").getUTCFullYear()).toBe(99);
});
