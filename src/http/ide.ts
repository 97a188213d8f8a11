// The in-browser IDE: Ruru (GraphiQL with graphql-ws subscriptions), served
// with its own bundled assets, so it works with no internet. A browser's GET
// /graphql (Accept: text/html, no query) gets the page; every other /graphql
// request is GraphQL. On a development demo start the admin token is in the
// page's default headers; in production, or without the demo, never.
import type { Express, Request } from "express";
import { ruruHTML, type RuruServerConfig } from "ruru/server";
import { serveStatic } from "ruru/static";

export const IDE_STATIC_PATH = "/ide/static/";

const DEFAULT_QUERY = `# Skill Gateway: paste a token into Headers below as
# { "Authorization": "Bearer <token>" } (npm run token), then run.
# Subscriptions run over graphql-ws on this same URL.
query Marco {
  viewer { subject tenantId scopes }
  user(id: "user:marco.mazzolin@dainese.it") {
    effectiveSkills { nodes { skill { id } skillVersion source } }
  }
}
`;

/** A browser opening the endpoint, not a GraphQL client (GET-with-query stays GraphQL). */
export function wantsIde(req: Request): boolean {
  if (req.method !== "GET" || req.query.query !== undefined) return false;
  return req.accepts(["application/json", "application/graphql-response+json", "text/html"]) === "text/html";
}

/**
 * The WebSocket URL follows the page's own origin (and TLS), whatever host it
 * was reached by. With the demo token, GraphiQL's first introspection, which
 * starts before its Headers editor has mounted and so goes without them, gets
 * the token too; every other request carries exactly the editor's headers.
 */
function pageScript(demoToken: string | null): string {
  const ws = `RURU_CONFIG.subscriptionEndpoint = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/graphql";`;
  if (!demoToken) return ws;
  return `${ws}
(() => {
  const auth = ${JSON.stringify(`Bearer ${demoToken}`).replaceAll("<", "\\u003c")};
  const fetch0 = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const headers = new Headers(init.headers || {});
    if (!headers.has("authorization") && typeof init.body === "string" && init.body.includes("IntrospectionQuery")) {
      headers.set("authorization", auth);
      init = { ...init, headers };
    }
    return fetch0(input, init);
  };
})();`;
}

export function idePage(demoToken: string | null): string {
  return ruruHTML({
    staticPath: IDE_STATIC_PATH,
    endpoint: "/graphql",
    clientConfig: {
      defaultQuery: DEFAULT_QUERY,
      ...(demoToken ? { initialHeaders: JSON.stringify({ Authorization: `Bearer ${demoToken}` }, null, 2) } : {}),
      // ruru-types marks every prop required although each is optional at run time.
    } as RuruServerConfig["clientConfig"],
    htmlParts: {
      titleTag: "<title>Skill Gateway · GraphQL IDE</title>",
      // The WebSocket URL follows the page's own origin (and TLS), whatever host it was reached by.
      configScript: (original) => `${original}\n<script>${pageScript(demoToken)}</script>`,
    },
  });
}

export function mountIde(expressApp: Express, demoToken: string | null): void {
  const page = idePage(demoToken);
  expressApp.use(serveStatic(IDE_STATIC_PATH));
  expressApp.get("/graphql", (req, res, next) => {
    if (!wantsIde(req)) return next();
    res.setHeader("cache-control", "no-store");
    res.type("html").send(page);
  });
}
