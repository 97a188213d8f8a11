// The live publish dashboard: static files from src/web/dashboard (plain HTML,
// CSS and JS that use only the public GraphQL API) and graphql-ws's browser
// build from node_modules. /dashboard/config.json hands the page the demo admin
// token on a development demo start, and nothing else, ever.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";

const require = createRequire(import.meta.url);
export const DASHBOARD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../web/dashboard");
const GRAPHQL_WS_UMD = path.join(path.dirname(require.resolve("graphql-ws")), "../umd/graphql-ws.min.js");

export function mountDashboard(expressApp: Express, demoToken: string | null): void {
  expressApp.get("/dashboard", (req, res, next) => {
    // Relative asset URLs in the page need the trailing slash.
    if (req.originalUrl === "/dashboard") return res.redirect(301, "/dashboard/");
    next();
  });
  expressApp.get("/dashboard/config.json", (_req, res) => {
    res.setHeader("cache-control", "no-store");
    res.json({ endpoint: "/graphql", demoToken });
  });
  expressApp.get("/dashboard/vendor/graphql-ws.js", (_req, res) => {
    res.type("js").sendFile(GRAPHQL_WS_UMD);
  });
  expressApp.use("/dashboard", express.static(DASHBOARD_DIR, { index: "index.html", fallthrough: true, maxAge: 0 }));
}
