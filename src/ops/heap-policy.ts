// How far V8 lets its heap grow before a full collection. By default V8 lets the
// old generation grow to up to four times what was live after the last one: in
// the issue 8 bench a publish's short-lived garbage (driver rows, manifest texts)
// took a 110 MB live heap to ~480 MB before it was compacted, and the process's
// resident size with it. A smaller factor collects sooner (more, smaller full
// collections, mostly concurrent) and keeps the resident size near the live
// data. It is V8's own --heap-growing-percent flag, set at start; a flag given
// on node's command line wins.
//
// A small factor on a small heap costs, though: with 60 MB live, 20 % is a full
// collection every 12 MB promoted, several a second under a read load (the issue 9
// bench lost 8-15 % of its requests to it and doubled its p99). So a process
// serving requests keeps a floor: after each full collection the factor is set so
// that the next one comes near max(live × (1 + percent/100), floor). Issue 8's picker
// read on a 20,000-user tenant showed the same with the worker in the process: a full
// collection every ~375 requests, its concurrent marking competing with the database
// for two cores, and the client's p99 9-11 ms against 6-7 ms with the floor. A
// publish's garbage on top of a floor measured more resident memory, though, so while
// the worker has jobs in hand the floor is suspended (suspendHeapFloor, which main.ts
// hands the worker): the factor is the plain percent then, as without a floor.
// (V8's --initial-old-space-size would be a floor too, but it is read once, from the
// command line only, and not allowed in NODE_OPTIONS.)
import { PerformanceObserver, constants } from "node:perf_hooks";
import v8 from "node:v8";

/** The growing percent that puts the next full collection at max(live × (1 + percent/100), floor). */
export function growingPercentFor(liveBytes: number, percent: number, floorBytes: number): number {
  if (floorBytes <= 0 || liveBytes <= 0) return percent;
  const toFloor = Math.ceil((floorBytes / liveBytes - 1) * 100);
  // At most 2×: the factor is set from the last collection's live data but applied to the
  // next one's, which may be much larger when the heap grows between them.
  return Math.max(percent, Math.min(toFloor, 100));
}

/** Old-generation growth within one 100 ms tick past which the floor steps aside until the next full collection. */
const FAST_GROWTH = 8 * 1024 * 1024;

/** Bytes used outside the young generation (what a full collection is sized by). */
function oldGenerationBytes(): number {
  let bytes = 0;
  for (const space of v8.getHeapSpaceStatistics()) if (!space.space_name.startsWith("new_")) bytes += space.space_used_size;
  return bytes;
}

let stopFloor: (() => void) | undefined;
let suspended = false;
let reapply: (() => void) | undefined;

/** While true the floor is off: the plain percent, as without one (the publish worker's jobs in hand). */
export function suspendHeapFloor(on: boolean): void {
  if (suspended === on) return;
  suspended = on;
  reapply?.();
}

/**
 * The floor's decision, apart from V8 (applyHeapPolicy feeds it): the percent for the
 * next full collection after each 100 ms tick, given the old generation's size and the
 * heap's use then. From a tick in which the old generation grew by more than
 * `fastGrowth` until the next full collection the answer is the plain percent.
 */
export function floorDecider(percent: number, floorBytes: number, fastGrowth: number, live: number, old: number) {
  let growingFast = false;
  return {
    tick(oldNow: number, used: number, suspended: boolean): number {
      if (oldNow - old > fastGrowth) growingFast = true;
      old = oldNow;
      return suspended || growingFast || used >= floorBytes ? percent : growingPercentFor(live, percent, floorBytes);
    },
    /** Right after a full collection: `liveNow` is the live data. */
    majorCollection(liveNow: number, oldNow: number): void {
      live = liveNow;
      growingFast = false;
      old = oldNow;
    },
  };
}

/**
 * Applies HEAP_GROWING_PERCENT (0: V8's own policy) with HEAP_FLOOR_MB (0: none);
 * returns the percent in force for the heap now, null when V8 decides.
 */
export function applyHeapPolicy(percent: number, execArgv: readonly string[] = process.execArgv, floorMb = 0, fastGrowth = FAST_GROWTH): number | null {
  const given = execArgv.find((a) => /^--heap[-_]growing[-_]percent=/.test(a));
  if (given) return Number(given.split("=")[1]);
  if (percent <= 0) return null;
  const base = Math.floor(percent);
  const floor = Math.max(0, floorMb) * 1024 * 1024;
  let current = -1;
  const decide = floorDecider(base, floor, fastGrowth, v8.getHeapStatistics().used_heap_size, oldGenerationBytes());
  // V8 reads the factor at the end of each full collection, for the limit of the
  // next one: a factor made for a small live heap would let a heap that grows fast
  // (a publish, a 10,000-user change) reach a multiple of its new live data. So the
  // factor is the plain percent again once the heap is past the floor, and from the
  // first 100 ms in which the old generation grew by more than FAST_GROWTH until the
  // next full collection (a serving heap promotes ~1 MB in that time; a big change
  // promotes tens), which the timer sees before the heap reaches the floor.
  const set = (used = v8.getHeapStatistics().used_heap_size) => {
    const next = decide.tick(oldGenerationBytes(), used, suspended);
    if (next !== current) v8.setFlagsFromString(`--heap-growing-percent=${(current = next)}`);
    return next;
  };
  stopFloor?.();
  stopFloor = undefined;
  reapply = undefined;
  if (floor > 0) {
    reapply = () => set();
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => (e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) {
        const live = v8.getHeapStatistics().used_heap_size; // right after a full collection: the live data
        decide.majorCollection(live, oldGenerationBytes());
        set(live);
      }
    });
    observer.observe({ entryTypes: ["gc"] });
    const timer = setInterval(() => set(), 100);
    timer.unref();
    stopFloor = () => (observer.disconnect(), clearInterval(timer));
  }
  return set();
}
