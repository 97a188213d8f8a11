// The shape of src/, checked in `npm test` (test/unit/architecture.test.ts):
// one core, many edges, dependencies pointing one way.
//
//   composition   main.ts, server.ts, app.ts
//        |
//   edges         api/ (GraphQL), mcp/, scim/, http/, web/, cli/, auth/
//        |
//   processes     jobs/worker.ts, jobs/grant-sweeper.ts, jobs/publishers/, demo/
//        |
//   core          services/ (the rules, the unit of work, the entitlement engine),
//                 jobs/ queue (enqueue, estimate, manifest), events/, catalog/, db/,
//                 core/ (context, errors, principal, paging, enums), config.ts
//        |
//   pure          entitlements/ (resolution), scanning/ (rules): no I/O, import nothing of ours
//
// skill-folders/ (the SKILL.md folder format and its atomic writer) imports nothing
// of ours: the SKILL_DIR publisher and the SDK's `sync` share it.
// client/ (the SDK) is a client of the public API only (and of skill-folders/).
const CORE = "^src/(core|services|entitlements|scanning|catalog|events|db|config\\.ts|jobs/(enqueue|estimate|manifest))";
const PROCESSES = "^src/(jobs/(worker|grant-sweeper)\\.ts|jobs/publishers/|demo/)";
const EDGES = "^src/(api|mcp|scim|http|web|cli|auth|client)/";
const COMPOSITION = "^src/(main|server|app)\\.ts$";

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "Import cycles hide which layer owns what.", from: {}, to: { circular: true } },
    {
      name: "core-knows-no-edge",
      severity: "error",
      comment: "The core never imports an edge (GraphQL, MCP, SCIM, HTTP, CLI, auth) or the composition root.",
      from: { path: CORE },
      to: { path: [EDGES, COMPOSITION] },
    },
    {
      name: "core-knows-no-process",
      severity: "error",
      comment: "Services and the job queue do not import the worker, the sweeper, publishers or the demo.",
      from: { path: CORE },
      to: { path: PROCESSES },
    },
    {
      name: "processes-know-no-edge",
      severity: "error",
      comment: "The worker, sweeper, publishers and demo call the core, never an edge.",
      from: { path: PROCESSES },
      to: { path: [EDGES, COMPOSITION] },
    },
    {
      name: "only-composition-imports-api",
      severity: "error",
      comment: "Only the server (and the schema emitter) import the GraphQL edge; other edges call services.",
      from: { path: "^src/", pathNot: ["^src/api/", "^src/server\\.ts$", "^src/cli/emit-schema\\.ts$"] },
      to: { path: "^src/api/" },
    },
    {
      name: "edges-know-no-other-edge",
      severity: "error",
      comment: "Each edge translates to the core on its own (auth and http helpers are shared).",
      from: { path: "^src/(api|mcp|scim|cli)/" },
      // $1 is the importing edge (group matching): an edge may import its own files.
      to: { path: "^src/(mcp|scim|cli)/", pathNot: ["^src/cli/", "^src/$1/"] },
    },
    {
      name: "lower-core-knows-no-services",
      severity: "error",
      comment: "core/, db/, events/, catalog/ and the pure modules sit below the services.",
      from: { path: "^src/(core|db|events|catalog|entitlements|scanning)/" },
      to: { path: "^src/(services|jobs)/" },
    },
    {
      name: "pure-is-pure",
      severity: "error",
      comment: "The resolution and the scanner are pure functions over plain data: they import nothing of ours.",
      from: { path: "^src/(entitlements|scanning)/" },
      to: { path: "^src/", pathNot: "^src/(entitlements|scanning)/" },
    },
    {
      name: "sdk-is-a-client",
      severity: "error",
      comment: "The SDK talks to the public API only; it writes skill folders with the shared format module.",
      from: { path: "^src/client/" },
      to: { path: "^src/", pathNot: ["^src/client/", "^src/skill-folders/"] },
    },
    {
      name: "skill-folders-stand-alone",
      severity: "error",
      comment: "The folder format is shared by the core and the SDK: it imports nothing of ours.",
      from: { path: "^src/skill-folders/" },
      to: { path: "^src/", pathNot: "^src/skill-folders/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/db/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["es6"],
  },
};
