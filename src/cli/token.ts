// Mints a bearer token: npm run token -- --tenant dainese --scopes "skills:read skills:write" [--sub user:x] [--expires 30d]
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { SCOPES, signToken } from "../auth/token.js";

const USAGE = `Usage: npm run token -- [options]

Prints a bearer token signed with the gateway's JWT secret (JWT_SECRET, or the one
generated under DATA_DIR).

Options:
  --tenant <id>      tenant the token acts in (default: dainese)
  --scopes <list>    space- or comma-separated scopes (default: admin)
                     known: ${SCOPES.join(", ")}
  --sub <subject>    caller: a user id, or agent:<id> for an agent (default: cli@skill-gateway)
  --expires <time>   lifetime such as 1h, 30d (default: 30d)
  -h, --help         show this help
`;

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: { tenant?: string; scopes?: string; sub?: string; expires?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      tenant: { type: "string", default: "dainese" },
      scopes: { type: "string", default: "admin" },
      sub: { type: "string", default: "cli@skill-gateway" },
      expires: { type: "string", default: "30d" },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (e) {
  usageError((e as Error).message);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const scopes = values.scopes!.split(/[\s,]+/).filter(Boolean);
const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
if (unknown.length) usageError(`Unknown scope(s): ${unknown.join(", ")}. Known: ${SCOPES.join(", ")}`);
try {
  const token = await signToken(loadConfig().jwtSecret, { sub: values.sub!, tid: values.tenant!, scopes }, values.expires!);
  process.stdout.write(`${token}\n`);
} catch (e) {
  process.stderr.write(`${(e as Error).message.split("\n")[0]}\n`);
  process.exit(2);
}
