// Summarises a V8 .cpuprofile (node --cpu-prof) by package: self time of every
// sample attributed to the package of its innermost frame.
// npx tsx bench/profile-summary.ts <file.cpuprofile> [more files]
import { readFileSync } from "node:fs";

interface Node { id: number; callFrame: { functionName: string; url: string }; }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; }

function bucket(n: Node): string {
  const { url, functionName } = n.callFrame;
  if (!url) {
    if (functionName === "(idle)") return "(idle)";
    if (functionName === "(garbage collector)") return "gc";
    if (functionName === "(program)") return "(program: native, wasm)";
    return `native ${functionName}`;
  }
  if (url.startsWith("wasm://")) return "wasm (prisma query compiler)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) {
    const pkg = m[1];
    if (pkg.startsWith("@prisma/") || pkg === "prisma") return url.includes("wasm") ? "wasm (prisma query compiler)" : `prisma (${pkg})`;
    return pkg;
  }
  if (url.includes("/src/db/generated/")) return "prisma (generated client)";
  if (url.includes("/src/")) return "our code (src/)";
  if (url.startsWith("node:")) return "node core";
  return url;
}

for (const file of process.argv.slice(2)) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const b = bucket(byId.get(id)!);
    self.set(b, (self.get(b) ?? 0) + dt);
    total += dt;
  });
  const idle = self.get("(idle)") ?? 0;
  const busy = total - idle;
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, idle ${((100 * idle) / total).toFixed(0)} %; share of busy time:`);
  for (const [k, v] of [...self].filter(([k]) => k !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 18)) {
    console.log(`  ${((100 * v) / busy).toFixed(1).padStart(5)} %  ${k}`);
  }
}
