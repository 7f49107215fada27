// Its own entry point: the app never imports this, because resolving the migrations folder
// from import.meta.url breaks `next build` (STACK.md, trap 4).
import { fileURLToPath } from "node:url";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client";

export const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder };
  // Both migrators accept any drizzle instance of their driver; the Db type hides which.
  if (database.kind === "pglite") await migratePglite(database.db as never, config);
  else await migratePostgres(database.db as never, config);
}
