// Mints a bearer token: npm run token -- --tenant dainese --scopes "skills:read skills:write" [--sub user:x] [--expires 30d]
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { SCOPES, signToken } from "../auth/token.js";

const { values } = parseArgs({
  options: {
    tenant: { type: "string", default: "dainese" },
    scopes: { type: "string", default: "admin" },
    sub: { type: "string", default: "cli@skill-gateway" },
    expires: { type: "string", default: "30d" },
  },
});
const scopes = values.scopes!.split(/[\s,]+/).filter(Boolean);
const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
if (unknown.length) {
  console.error(`Unknown scope(s): ${unknown.join(", ")}. Known: ${SCOPES.join(", ")}`);
  process.exit(2);
}
const token = await signToken(loadConfig().jwtSecret, { sub: values.sub!, tid: values.tenant!, scopes }, values.expires!);
console.log(token);
