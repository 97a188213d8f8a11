// For the CLI and README tests: a real gateway process seeded with the demo
// tenant on a free port, and the real `skill-gateway` bin run as a child
// process, as a user or a script runs it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { ROOT, spawnGateway, type GatewayProcess } from "./process-helpers.js";

export const BIN = path.join(ROOT, "bin/skill-gateway.js");
export const CLI_JWT_SECRET = "cli-e2e-secret";

export interface CliGateway {
  proc: GatewayProcess;
  url: string;
  /** The admin token the gateway printed on start. */
  token: string;
  /** The environment the gateway runs with (DATA_DIR, DATABASE_URL, JWT_SECRET, …). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startCliGateway(extra: Record<string, string> = {}): Promise<CliGateway> {
  const db: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), "gw-cli-data-"));
  const env = { DATABASE_URL: db.url, DATA_DIR: dataDir, JWT_SECRET: CLI_JWT_SECRET, SEED_DEMO_DATA: "1", ...extra };
  const proc = await spawnGateway({ name: "cli-gateway", env });
  // The ready log line comes before the banner that prints the token: wait for the banner too.
  const tokenIn = () => /Admin token for tenant "dainese"[^\n]*\n\s*(\S+)\n/.exec(proc.output())?.[1];
  for (let waited = 0; !tokenIn() && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const token = tokenIn();
  if (!token) {
    await proc.stop();
    throw new Error(`no admin token in the gateway's output:\n${proc.output()}`);
  }
  return {
    proc,
    url: proc.url,
    token,
    env,
    async close() {
      await proc.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/skill-gateway.js …` with only the given environment (plus PATH and HOME). */
export function runCli(args: string[], env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], env, timeoutMs);
}

export function runProcess(cmd: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${[cmd, ...args].join(" ")} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The lines of NDJSON output, parsed. */
export const ndjson = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
