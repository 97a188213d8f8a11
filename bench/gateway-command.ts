// How the benches start the gateway: as a deployment runs it, compiled (`npm run build`,
// bin/build.mjs, into bench/.build so a developer's dist/ is left alone), once per bench
// run. The compiled process carries no TypeScript loader: tsx's hooks run on a thread of
// their own, about 50 MB of resident memory and a transform on every import.
// BENCH_GATEWAY=source runs src/main.ts through tsx instead, as `npm start` does.
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
let built: string[] | null = null;

/** Node arguments that start the gateway (append flags such as --worker-only after them). */
export function gatewayCommand(): string[] {
  if (process.env.BENCH_GATEWAY === "source") return ["--import", "tsx", "src/main.ts"];
  if (!built) {
    console.log("building the gateway (bin/build.mjs bench/.build) …");
    execFileSync(process.execPath, [path.join(root, "bin/build.mjs"), "bench/.build"], { cwd: root, stdio: "inherit" });
    built = [path.join(root, "bench/.build/src/main.js")];
  }
  return built;
}
