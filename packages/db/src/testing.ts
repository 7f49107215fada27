// Test databases: in-memory PGlite by default, the PostgreSQL server when TEST_DATABASE_URL is set.
// Each test makes its own workspaces, so tests never share tenant data even on one server database.
import { createDatabase, type Database } from "./client";
import { migrateDatabase } from "./migrator";

export async function createTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  const database = createDatabase(url ? { url } : { memory: true });
  // On the server, migrations ran once in the int project's global setup.
  if (!url) await migrateDatabase(database);
  return database;
}

export const testDatabaseKind = () => (process.env.TEST_DATABASE_URL ? "postgres" : "pglite");
