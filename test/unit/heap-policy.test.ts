// HEAP_GROWING_PERCENT (ops/heap-policy.ts): a flag on node's command line wins,
// 0 leaves V8's own policy, and V8 honours the setting made at run time: a child
// process making the garbage of a publish (driver-row arrays beside a live set)
// keeps a much smaller heap with it than without it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyHeapPolicy } from "../../src/ops/heap-policy.js";

const policy = path.resolve(import.meta.dirname, "../../src/ops/heap-policy.ts");

/** Largest V8 heap (bytes) a child reaches making 40 batches of 200,000 row arrays beside ~110 MB live. */
function peakHeap(percent: number): number {
  const script = `
    import v8 from "node:v8";
    const { applyHeapPolicy } = await import(${JSON.stringify(policy)});
    applyHeapPolicy(${percent}, []);
    const live = [];
    for (let i = 0; i < 100000; i++) live.push({ s: "x".repeat(1000) + i });
    let peak = 0;
    for (let round = 0; round < 40; round++) {
      const batch = [];
      for (let i = 0; i < 200000; i++) batch.push([i, "skill" + i, "v1", "src" + (i % 1000), i & 1]);
      live[round] = batch.slice(0, 10);
      await new Promise((r) => setImmediate(r));
      peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
    }
    process.stdout.write(String(peak));`;
  return Number(execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" }));
}

describe("applyHeapPolicy", () => {
  it("leaves a --heap-growing-percent given to node in force, and V8's policy alone at 0", () => {
    expect(applyHeapPolicy(20, ["--inspect", "--heap-growing-percent=50"])).toBe(50);
    expect(applyHeapPolicy(0, [])).toBeNull();
  });

  it("keeps the heap near the live data once set at run time", () => {
    const v8Own = peakHeap(0);
    const bounded = peakHeap(20);
    expect(bounded).toBeLessThan(v8Own * 0.75);
  }, 60_000);
});
