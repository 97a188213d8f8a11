// The gateway as an operator runs it: real processes. Bad settings, an
// unreachable database and a port in use are one line and a non-zero exit
// before anything is seeded; `npm start` leaves no process behind on SIGTERM or
// SIGINT; the request log is JSON with the request id; `npm run token -- --help`
// prints usage. (The Dockerfile's command, the compiled build: built-gateway.test.ts.)
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ROOT, descendants, freePort, spawnGateway } from "./process-helpers.js";
import { token, waitFor, JWT_SECRET } from "./helpers.js";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "gw-ops-proc-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function baseEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", HOST: "127.0.0.1", JWT_SECRET, ...extra };
}

interface Exit {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (killing its group after timeoutMs). */
function run(cmd: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      // Let the pipes drain.
      setTimeout(() => resolve({ code, signal, stdout, stderr }), 50);
    });
  });
}

const gateway = (env: Record<string, string>) => run(process.execPath, ["--import", "tsx", "src/main.ts"], baseEnv(env));

function expectOneLine(out: Exit): string {
  const lines = out.stderr.trim().split("\n");
  expect(lines, out.stderr).toHaveLength(1);
  expect(out.stderr).not.toMatch(/^\s+at /m);
  expect(out.stdout).not.toMatch(/ready|seeded/i);
  return lines[0];
}

describe("start-up failures are one line and a non-zero exit", () => {
  test("WORKER_CONCURRENCY=four is refused before anything starts", async () => {
    const dir = dataDir();
    const out = await gateway({ WORKER_CONCURRENCY: "four", DATA_DIR: dir, PORT: String(await freePort()) });
    expect(out.code).toBe(2);
    expect(expectOneLine(out)).toBe('Invalid configuration: WORKER_CONCURRENCY="four" must be a whole number from 1 to 256');
    expect(existsSync(path.join(dir, "gateway.db"))).toBe(false);
  });

  test("an unreachable PostgreSQL names the database (without its password) and exits 1", async () => {
    const port = await freePort(); // nothing listens there
    const out = await gateway({ DATABASE_URL: `postgres://gw:s3cret@127.0.0.1:${port}/gateway`, DATA_DIR: dataDir(), PORT: String(await freePort()) });
    expect(out.code).toBe(1);
    const line = expectOneLine(out);
    expect(line).toContain(`Cannot open the database postgres://gw:***@127.0.0.1:${port}/gateway`);
    expect(line).toMatch(/reach/i);
    expect(out.stderr + out.stdout).not.toContain("s3cret");
  });

  test("a port in use is one line, exit 1, and nothing was created or seeded", async () => {
    const holder = net.createServer();
    const port = await new Promise<number>((resolve) => holder.listen(0, "127.0.0.1", () => resolve((holder.address() as net.AddressInfo).port)));
    try {
      const dir = dataDir();
      const out = await gateway({ PORT: String(port), DATA_DIR: dir });
      expect(out.code).toBe(1);
      expect(expectOneLine(out)).toBe(`Cannot listen on 127.0.0.1:${port}: the port is already in use (set PORT to a free one).`);
      expect(existsSync(path.join(dir, "gateway.db"))).toBe(false);
    } finally {
      holder.close();
    }
  });
});


const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm start", () => {
  test.each(["SIGTERM", "SIGINT"] as const)("%s to npm leaves no process behind and frees the port", async (signal) => {
    const port = await freePort();
    const child = spawn("npm", ["start"], {
      cwd: ROOT,
      env: baseEnv({ PORT: String(port), DATA_DIR: dataDir(), SEED_DEMO_DATA: "0" }),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | string>((resolve) => child.once("exit", (code, sig) => resolve(code ?? sig ?? "?")));
    try {
      await waitFor(() => out.includes("Skill Gateway ready"), { timeoutMs: 60_000, what: `the ready line; output: ${out}` });
      const tree = descendants(child.pid!);
      expect(tree.length).toBeGreaterThan(0);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);

      process.kill(child.pid!, signal); // npm alone, as a terminal or an orchestrator would
      await exited;
      await waitFor(() => tree.every((p) => !alive(p)), { timeoutMs: 10_000, what: `every process of the tree to exit: ${tree.filter(alive)}` });
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone, as it should be */
      }
    }
  }, 90_000);
});

describe("request log", () => {
  test("a request is one JSON line with the request id sent, operation, tenant, duration and outcome, never the token", async () => {
    const gw = await spawnGateway({ name: "log", env: { DATA_DIR: dataDir(), SEED_DEMO_DATA: "0", JWT_SECRET } });
    try {
      const bearer = await token({ tenant: "acme", scopes: ["skills:read"] });
      const r = await fetch(gw.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer}`, "x-request-id": "req-ops-test-42" },
        body: JSON.stringify({ query: "query WhoAmI { viewer { tenantId } }" }),
      });
      expect(r.headers.get("x-request-id")).toBe("req-ops-test-42");
      const bad = await fetch(gw.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "req-ops-test-43" },
        body: JSON.stringify({ query: "query WhoAmI { viewer { tenantId } }" }),
      });
      expect(bad.status).toBe(401);
      const lines = await waitFor(() => {
        const parsed = gw
          .output()
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        const ok = parsed.find((l) => l.reqId === "req-ops-test-42");
        const refused = parsed.find((l) => l.reqId === "req-ops-test-43");
        return ok && refused ? { ok, refused } : null;
      }, { what: "the request log lines" });
      expect(lines.ok).toMatchObject({ level: "info", msg: "request", method: "POST", path: "/graphql", status: 200, operation: "WhoAmI", operationType: "query", tenant: "acme", outcome: "OK" });
      expect(typeof lines.ok.durationMs).toBe("number");
      expect(typeof lines.ok.time).toBe("string");
      expect(lines.refused).toMatchObject({ status: 401, outcome: "UNAUTHENTICATED" });
      expect(gw.output()).not.toContain(bearer);
      expect(gw.output()).not.toContain(bearer.split(".")[2]);
    } finally {
      await gw.stop();
    }
  });
});


describe("npm run token", () => {
  test("--help prints usage; an unknown option is usage on stderr and exit 2, no stack", async () => {
    const help = await run("npm", ["run", "-s", "token", "--", "--help"], baseEnv({ DATA_DIR: dataDir() }));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run token/);
    expect(help.stdout).toContain("--scopes");
    const bad = await run("npm", ["run", "-s", "token", "--", "--frobnicate"], baseEnv({ DATA_DIR: dataDir() }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Unknown option '--frobnicate'/);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
  });
});
