// `pnpm db:migrate`: the one migrate entry used by dev, tests, CI and deploy.
// Run it before the server starts, never beside it (PGlite has no multi-process lock).
import { createDatabase } from "./client";
import { migrateDatabase } from "./migrator";
import { defaultPgliteDir } from "./paths";

const url = process.env.DATABASE_URL;
const pgliteDir = process.env.PGLITE_DIR || defaultPgliteDir(process.cwd());
const database = createDatabase(url ? { url } : { pgliteDir });
const started = Date.now();
try {
  await migrateDatabase(database);
  console.log(`Migrated ${url ? "PostgreSQL server" : `PGlite at ${pgliteDir}`} in ${Date.now() - started} ms`);
} catch (error) {
  console.error("Migration failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
