// Real gateway processes for the multi-process tests: `node --import tsx
// src/main.ts` (or `--worker-only`) spawned with its own environment on a free
// port, and local HTTP servers standing in for webhook receivers.
//
// The gateway is spawned detached, as a group leader, and signals go to the
// whole group, so nothing it might start is left running.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const READY_LINE = "Skill Gateway ready";
export const WORKER_READY_LINE = "Skill Gateway worker running";

/** Every child still alive, killed when the test process exits whatever happened. */
const alive = new Set<GatewayProcess>();
process.once("exit", () => {
  for (const p of alive) p.signal("SIGKILL");
});

/** Every descendant of pid, from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface GatewayProcess {
  name: string;
  /** The tsx wrapper's pid, also the process group id. */
  pid: number;
  port: number;
  url: string;
  wsUrl: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process exited. */
  readonly exited: Promise<number | string>;
  readonly hasExited: boolean;
  /** Sends a signal to the whole process group; false when it is gone already. */
  signal(sig: NodeJS.Signals): boolean;
  /** SIGTERM, then SIGKILL after graceMs; resolves once it is gone (never throws). */
  stop(graceMs?: number): Promise<number | string>;
}

export interface SpawnOptions {
  name: string;
  /** Added to a minimal environment (PATH, HOME); PORT and HOST are set here. */
  env: Record<string, string>;
  args?: string[];
  readyTimeoutMs?: number;
}

/** Starts `tsx src/main.ts` and resolves once it printed its ready line; kills it on failure. */
export async function spawnGateway(opts: SpawnOptions): Promise<GatewayProcess> {
  const port = await freePort();
  const workerOnly = opts.args?.includes("--worker-only") ?? false;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    HOST: "127.0.0.1",
    PORT: String(port),
    ...opts.env,
  };
  // As npm start runs it: one node process (the tsx CLI's wrapper SIGKILLs a child that
  // is slow to acknowledge a signal, which made clean shutdowns exit 143).
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...(opts.args ?? [])], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let hasExited = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, sig) => {
      hasExited = true;
      alive.delete(proc);
      resolve(code ?? sig ?? "unknown");
    });
    child.once("error", (e) => {
      out += `\n[spawn error] ${e.message}\n`;
      hasExited = true;
      alive.delete(proc);
      resolve("spawn-error");
    });
  });
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));

  const proc: GatewayProcess = {
    name: opts.name,
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    output: () => out,
    exited,
    get hasExited() {
      return hasExited;
    },
    signal(sig) {
      if (hasExited || !child.pid) return false;
      try {
        process.kill(-child.pid, sig);
        return true;
      } catch {
        return false;
      }
    },
    async stop(graceMs = 3_000) {
      if (hasExited) return exited;
      proc.signal("SIGTERM");
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
      if ((await Promise.race([exited, timer])) === "timeout") {
        proc.signal("SIGKILL");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
      }
      return exited;
    },
  };
  alive.add(proc);

  const line = workerOnly ? WORKER_READY_LINE : READY_LINE;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  while (!out.includes(line)) {
    if (hasExited || Date.now() > deadline) {
      await proc.stop(500);
      throw new Error(`${opts.name} did not print "${line}" (${hasExited ? "it exited" : "timed out"}); output:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return proc;
}

export interface WebhookRequest {
  /** Arrival and answer times (ms since epoch). */
  start: number;
  end: number | null;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** How many requests were in flight when this one arrived (itself included). */
  inFlight: number;
  status: number | null;
}

export interface WebhookServer {
  url: string;
  requests: WebhookRequest[];
  /** The most requests ever in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/**
 * A local webhook receiver. `respond` decides each answer (status, and a delay
 * before it); requests are recorded with their parsed JSON body.
 */
export async function startWebhookServer(
  respond: (req: WebhookRequest) => { status: number; delayMs?: number } | Promise<{ status: number; delayMs?: number }> = () => ({ status: 200 }),
): Promise<WebhookServer> {
  const requests: WebhookRequest[] = [];
  let inFlight = 0;
  let max = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    inFlight++;
    max = Math.max(max, inFlight);
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    res.once("close", done);
    const record: WebhookRequest = { start: Date.now(), end: null, headers: req.headers, rawBody: "", body: null, inFlight, status: null };
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      record.rawBody = Buffer.concat(chunks).toString("utf8");
      try {
        record.body = JSON.parse(record.rawBody);
      } catch {
        record.body = null;
      }
      requests.push(record);
      const { status, delayMs } = await respond(record);
      const answer = () => {
        record.end = Date.now();
        record.status = status;
        if (!res.destroyed) res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ ok: status < 300 }));
        done();
      };
      if (delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          answer();
        }, delayMs);
        timers.add(t);
      } else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    maxInFlight: () => max,
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
