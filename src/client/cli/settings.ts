// Where the CLI finds the gateway and its token: flags first, then the
// environment (SKILL_GATEWAY_URL, SKILL_GATEWAY_TOKEN), then the local default.
import { SkillGatewayClient } from "../client.js";
import { EXIT } from "./exit-codes.js";
import { UsageError } from "./usage-error.js";

export const DEFAULT_URL = "http://localhost:4000/graphql";

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

export interface Settings {
  url: string;
  token: string;
  json: boolean;
}

export function resolveSettings(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Settings {
  const url = opts.url ?? env.SKILL_GATEWAY_URL ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url "${url}" is not a URL; expected e.g. ${DEFAULT_URL}`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new UsageError(`--url must be http(s)://…/graphql, not ${parsed.protocol}`);
  const token = (opts.token ?? env.SKILL_GATEWAY_TOKEN ?? "").trim().replace(/^Bearer\s+/i, "");
  if (!token) {
    throw new UsageError(
      "no token: pass --token <jwt> or set SKILL_GATEWAY_TOKEN (`npm start` prints an admin token; " +
        "`npm run -s token -- --tenant dainese` mints one)",
      EXIT.AUTH,
    );
  }
  return { url, token, json: Boolean(opts.json) };
}

export function clientFor(s: Settings): SkillGatewayClient {
  return new SkillGatewayClient({ url: s.url, token: s.token });
}
