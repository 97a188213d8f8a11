// POST /graphql without Express: the request every picker, page and script
// sends, answered by Apollo's own HTTP entry point (executeHTTPGraphQLRequest)
// behind the same request log, CORS, deadline and body limit as every other
// path, minus Express's router walk, its request and response wrappers and
// body-parser (~14 % of a small query's busy time in issue 9's profile; taking
// them off more than doubled `{ __typename }`'s req/s). Only the plain case comes here: a JSON
// body in UTF-8 without Content-Encoding, and no Idempotency-Key. Anything else
// (gzip bodies, other charsets or media types, idempotent retries, GET) takes
// the Express route, which answers it as before.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { sendRefusal, type RefusedBody } from "./error-handler.js";
import { IDEMPOTENCY_HEADER } from "./idempotency.js";
import type { PlainHandler, PlainRequest, PlainResponse } from "./plain-handler.js";

export interface GraphqlPostOptions<C extends BaseContext> {
  path: string;
  apollo: ApolloServer<C>;
  context(req: IncomingMessage, res: ServerResponse): Promise<C>;
  /** Run in order before the body is read, as Express would (request log, CORS, deadline). */
  before: PlainHandler[];
  limitBytes: number;
}

// body-parser's json() reads exactly these without help; the media type's parameters are UTF-8 or nothing.
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
// body-parser's "strict": the first character that is not white space opens an object or an array.
const STRICT_START = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;

function refused(type: string, status: number): RefusedBody {
  return Object.assign(new Error(type), { type, status });
}

export function graphqlPost<C extends BaseContext>(opts: GraphqlPostOptions<C>) {
  const { path, apollo, before, limitBytes } = opts;
  const withQuery = `${path}?`;

  /** Whether this request is the plain POST the fast path answers exactly as the Express route would. */
  function accepts(req: IncomingMessage): boolean {
    if (req.method !== "POST") return false;
    const url = req.url ?? "";
    if (url !== path && !url.startsWith(withQuery)) return false;
    const h = req.headers;
    if (h[IDEMPOTENCY_HEADER] !== undefined) return false;
    const encoding = h["content-encoding"];
    if (encoding !== undefined && encoding.toLowerCase() !== "identity") return false;
    // No body at all (no length, not chunked): body-parser leaves req.body unset; let that path say so.
    if (h["content-length"] === undefined && h["transfer-encoding"] === undefined) return false;
    const type = h["content-type"];
    return type !== undefined && PLAIN_JSON.test(type);
  }

  function readJson(req: IncomingMessage): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const declared = req.headers["content-length"];
      const chunks: Buffer[] = [];
      let received = 0;
      // As body-parser does: the rest of a refused body is read off and dropped before the
      // answer, so the client is not reset while still sending, and the connection stays usable.
      // Node's request timeout bounds how long that may take.
      const refuse = (err: RefusedBody) => {
        req.off("data", onData);
        req.off("end", onEnd);
        req.off("aborted", onAborted);
        chunks.length = 0;
        if (req.complete) return reject(err);
        req.once("end", () => reject(err));
        req.once("close", () => reject(err));
        req.resume();
      };
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        if (received > limitBytes) refuse(refused("entity.too.large", 413));
        else chunks.push(chunk);
      };
      const onAborted = () => {
        req.off("data", onData);
        req.off("end", onEnd);
        reject(refused("request.aborted", 400));
      };
      const onEnd = () => {
        req.off("aborted", onAborted);
        if (declared !== undefined && Number(declared) !== received) return reject(refused("request.size.invalid", 400));
        const read = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString("utf8");
        // A byte-order mark is dropped, as body-parser's decoding does.
        const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
        if (text.length === 0) return resolve({});
        const first = STRICT_START.exec(text)?.[1];
        if (first !== "{" && first !== "[") return reject(refused("entity.parse.failed", 400));
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(refused("entity.parse.failed", 400));
        }
      };
      req.on("aborted", onAborted);
      if (declared !== undefined && Number(declared) > limitBytes) {
        refuse(refused("entity.too.large", 413));
        return;
      }
      req.on("data", onData);
      req.on("end", onEnd);
    });
  }

  async function execute(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: "POST", headers, search: q < 0 ? "" : url.slice(q), body },
      context: () => opts.context(req, res),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status || 200;
    if (answer.body.kind === "complete") {
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /** Answers the request (call only when accepts() said so). */
  function handle(req: IncomingMessage, res: ServerResponse): void {
    // What Express would have set for the handlers before GraphQL.
    const plainRes = Object.assign(res, { locals: Object.create(null) as Record<string, unknown> }) as PlainResponse;
    const plainReq = Object.assign(req, { originalUrl: req.url }) as PlainRequest;
    const fail = (err: unknown) => sendRefusal(err as RefusedBody, res);
    let i = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined) return fail(err);
      if (res.writableEnded) return;
      const handler = before[i++];
      if (handler) {
        try {
          handler(plainReq, plainRes, next);
        } catch (e) {
          fail(e);
        }
        return;
      }
      execute(req, res).catch(fail);
    };
    next();
  }

  return { accepts, handle };
}
