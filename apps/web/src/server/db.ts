import "server-only";
import { createDatabase, type Database, type Db } from "@facet/db";
import { env } from "~/env";

// One database per process (PGlite allows one process per data dir); kept across dev reloads.
const holder = globalThis as unknown as { facetDatabase?: Database };

export function db(): Db {
  holder.facetDatabase ??= createDatabase(env().database);
  return holder.facetDatabase.db;
}
