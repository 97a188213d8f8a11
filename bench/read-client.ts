// The entitlements bench's measuring client, in a process of its own (bench/entitlements.ts
// forks it): the bench process holds the generator's and the rebuild's heap and reads the
// gateway's log, and its own event-loop stalls (p99 4.5 ms, max 14.5 ms at 20,000 users)
// landed in the client's times. This one does nothing but send the requests, one at a
// time on one kept-alive node:http connection, and time them.
//
// Protocol (IPC): the parent sends { port, token, query, variables: [...] }; the client
// sends the first five as a warm-up, then { warm: true }; on { go: true } it sends the
// rest and answers { times, loopP99, loopMax } (milliseconds), or { error }.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { graphqlPoster } from "./graphql-post.js";

interface Phase {
  port: number;
  token: string;
  query: string;
  variables: Record<string, unknown>[];
}

const WARM_UP = 5;
const send = (msg: unknown) => process.send!(msg);
let poster: ReturnType<typeof graphqlPoster> | null = null;

async function one(phase: Phase, variables: Record<string, unknown>): Promise<void> {
  poster ??= graphqlPoster(phase.port, phase.token);
  const body = JSON.parse(await poster.post(JSON.stringify({ query: phase.query, variables }))) as { data?: unknown; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors ?? body));
}

let phase: Phase | null = null;
process.on("message", (msg: Phase | { go: true }) => {
  void (async () => {
    try {
      if ("go" in msg) {
        const loop = monitorEventLoopDelay({ resolution: 1 });
        loop.enable();
        const times: number[] = [];
        for (const v of phase!.variables.slice(WARM_UP)) {
          const s = performance.now();
          await one(phase!, v);
          times.push(performance.now() - s);
        }
        loop.disable();
        send({ times, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 });
        return;
      }
      phase = msg;
      for (const v of phase.variables.slice(0, WARM_UP)) await one(phase, v);
      send({ warm: true });
    } catch (e) {
      send({ error: (e as Error).message });
    }
  })();
});
