// Migrates the PostgreSQL test server once before the int tests (PGlite ones migrate per file).
import { createDatabase } from "./client";
import { migrateDatabase } from "./migrator";

export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const database = createDatabase({ url });
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
}
