// The benches' GraphQL client: POST /graphql on one kept-alive node:http connection, as a
// picker's backend would call us (undici's fetch added 1-1.5 ms a request on the client
// here: its own cost, not ours). Used in the bench process and by bench/read-client.ts.
import http from "node:http";

/** A poster for the gateway at 127.0.0.1:`port` with this bearer token; `close` ends its connection. */
export function graphqlPoster(port: number, token: string): { post(payload: string): Promise<string>; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    post: (payload) =>
      new Promise<string>((resolve, reject) => {
        const req = http.request(
          { host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "content-length": Buffer.byteLength(payload) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}
