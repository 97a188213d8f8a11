import { defineConfig } from "vitest/config";

// graphql 16 has no `exports` map; without the alias Vite can load two copies
// ("Cannot use GraphQLObjectType from another module or realm").
const resolve = { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] };

export default defineConfig({
  resolve,
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["test/api/**/*.test.ts", "test/e2e/**/*.test.ts"],
          env: { TEST_DB: "sqlite", LOG_LEVEL: "warn" },
          setupFiles: ["test/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["test/api/**/*.test.ts"],
          env: { TEST_DB: "postgres", LOG_LEVEL: "warn" },
          setupFiles: ["test/setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          env: { TEST_DB: "sqlite", LOG_LEVEL: "warn" },
          setupFiles: ["test/setup.ts"],
        },
      },
    ],
  },
});
