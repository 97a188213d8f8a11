// How far V8 lets its heap grow before a full collection. By default V8 lets the
// old generation grow to up to four times what was live after the last one: in
// the issue 8 bench a publish's short-lived garbage (driver rows, manifest texts)
// took a 110 MB live heap to ~480 MB before it was compacted, and the process's
// resident size with it. A smaller factor collects sooner (more, smaller full
// collections, mostly concurrent) and keeps the resident size near the live
// data. It is V8's own --heap-growing-percent flag, set at start; a flag given
// on node's command line wins.
import v8 from "node:v8";

/** Applies HEAP_GROWING_PERCENT (0: V8's own policy); returns what is in force, null when V8 decides. */
export function applyHeapPolicy(percent: number, execArgv: readonly string[] = process.execArgv): number | null {
  const given = execArgv.find((a) => /^--heap[-_]growing[-_]percent=/.test(a));
  if (given) return Number(given.split("=")[1]);
  if (percent <= 0) return null;
  v8.setFlagsFromString(`--heap-growing-percent=${Math.floor(percent)}`);
  return Math.floor(percent);
}
