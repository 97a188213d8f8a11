// Issue 8's picker read with no framework: what `user(id) { effectiveSkills(first: 100)
// { totalCount nodes { skill { id } source } } }` costs on this machine when nothing but
// node:http, the same token check and the gateway's own two reads run (the user by id and
// the user's stored rows, together, through src/db's prepared statements and the same row
// decoding), the answer written by hand. bench/entitlements.ts times it with the same
// client right after the gateway, on the same database, and checks that both answer the
// same bytes; the gap between the two is what Apollo, graphql-js and the resolvers cost,
// and the floor's own p99 is what the machine (client, server and database on its cores)
// leaves for any server.
import "reflect-metadata";
import http from "node:http";
import { verifyAuthorization } from "../src/auth/token.js";
import { openDatabase } from "../src/db/client.js";
import { hotReads } from "../src/db/hot-reads.js";
import { readStored } from "../src/services/stored-entitlements.js";

const db = await openDatabase(process.env.DATABASE_URL!);
const secret = process.env.JWT_SECRET!;

async function answer(tenantId: string, id: string): Promise<string> {
  const [users, stored] = await Promise.all([hotReads(db, tenantId).users<{ id: string }>([id]), readStored(db, tenantId, [id])]);
  if (!users.length) return `{"data":{"user":null}}`;
  const effective = stored.get(id)!.effective;
  const nodes = effective.slice(0, 100).map((e) => ({ skill: { id: e.skillId }, source: e.source }));
  return JSON.stringify({ data: { user: { effectiveSkills: { totalCount: effective.length, nodes } } } });
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void (async () => {
      try {
        const principal = await verifyAuthorization(secret, req.headers.authorization);
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { variables?: { id?: unknown } };
        const text = await answer(principal.tenantId, String(body.variables?.id ?? "").toLowerCase());
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        res.end(text);
      } catch (e) {
        res.writeHead(400, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ errors: [{ message: (e as Error).message }] }));
      }
    })();
  });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1", () => console.log("picker floor ready"));
