import { defineConfig } from "vitest/config";

// unit: pure, no database, milliseconds. int: a real database (in-memory PGlite, or the
// PostgreSQL server named by TEST_DATABASE_URL), a fresh workspace per test.
// pg-boss needs a PostgreSQL server: its tests belong to the PostgreSQL pass only (not skipped on PGlite: absent).
// So does the test of two app processes on one database (PGlite is one process).
const onServer = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "apps/web/src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "int",
          include: ["packages/*/test/**/*.int.test.ts"],
          exclude: [
            "**/node_modules/**",
            ...(onServer ? [] : ["packages/jobs-pgboss/**", "packages/api/test/live-concurrency.int.test.ts"]),
          ],
          globalSetup: ["packages/db/src/test-global-setup.ts"],
          // next-auth imports "next/server" without an extension, which only a bundler resolves.
          server: { deps: { inline: ["next-auth"] } },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
