import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Runs against `next start` of the built app (run `pnpm build` first). With E2E_PG_URL set, the
// whole suite runs on that PostgreSQL database and a smoke spec on a fresh PGlite; without it,
// everything runs on PGlite.
const pgUrl = process.env.E2E_PG_URL;
const pgliteDir = mkdtempSync(join(tmpdir(), "facet-e2e-pglite-"));
const secret = "e2e-secret-not-for-production-0123456789abcdef";
// Two servers on consecutive ports (E2E_PORT, default 3100), so several checkouts can run e2e at once.
const pgPort = Number(process.env.E2E_PORT ?? 3100);
const plPort = pgPort + 1;
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

const server = (port: number, env: Record<string, string>) => ({
  // The production server (apps/web/server.mjs), as `pnpm start` runs it.
  command: `pnpm --dir .. db:migrate && cd ../apps/web && PORT=${port} HOST=127.0.0.1 NODE_ENV=production node server.mjs`,
  url: `http://127.0.0.1:${port}/sign-in`,
  reuseExistingServer: false,
  timeout: 300_000,
  // The test runner stands in for a reverse proxy: each signed-up browser gets its own client address
  // through X-Forwarded-For (helpers.ts), as people behind a real proxy would.
  env: { AUTH_SECRET: secret, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", TRUSTED_PROXIES: "127.0.0.1, ::1", ...env },
  stdout: "pipe" as const,
});

// Each worker drives a browser against the same two servers and PostgreSQL, all on this machine: a
// worker per two cores (one on a 2-core CI machine), so a busy machine doesn't starve the servers.
// E2E_WORKERS overrides it.
const workers = Number(process.env.E2E_WORKERS) || Math.max(1, Math.floor(availableParallelism() / 2));

export default defineConfig({
  testDir: "./specs",
  // Upper bounds, not sleeps: every wait ends as soon as its state shows. They are sized for a loaded
  // 2-core machine, where a sign-up (password hashing) or a first page render can take tens of seconds.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  workers,
  retries: 0,
  reporter: [["list"]],
  use: { trace: "retain-on-failure", ...chromium },
  projects: pgUrl
    ? [
        { name: "postgres", testIgnore: /smoke/, use: { ...chromium, baseURL: `http://127.0.0.1:${pgPort}` } },
        { name: "pglite-smoke", testMatch: /smoke/, use: { ...chromium, baseURL: `http://127.0.0.1:${plPort}` } },
      ]
    : // two-servers starts servers that share work through pg-boss, which needs a PostgreSQL server.
      [{ name: "pglite", testIgnore: /two-servers/, use: { ...chromium, baseURL: `http://127.0.0.1:${plPort}` } }],
  webServer: [...(pgUrl ? [server(pgPort, { DATABASE_URL: pgUrl })] : []), server(plPort, { PGLITE_DIR: pgliteDir, DATABASE_URL: "" })],
});
