import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { resilientClient } from "./availability";
import * as schema from "./schema";

/** A Drizzle database (or transaction) over either driver. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { pgliteDir: string } | { memory: true };

/**
 * Opens the database: a PostgreSQL server when a URL is given, otherwise embedded PGlite
 * (on disk, or in memory for tests). PGlite has no multi-process lock: one process per data dir.
 */
export function createDatabase(target: DatabaseTarget): Database {
  if ("url" in target) {
    // Fails fast while the server is away (a 503 upstream) and opens a fresh pool when it is back.
    const client = resilientClient(target.url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Db;
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  let client: PGlite;
  if ("pgliteDir" in target) {
    mkdirSync(target.pgliteDir, { recursive: true });
    client = new PGlite(target.pgliteDir);
  } else {
    client = new PGlite();
  }
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, kind: "pglite", close: () => client.close() };
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** A text[] of bound parameters, for `= any(...)` and `unnest(...)`. */
export const textArray = (values: readonly string[]): SQL =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

export type CopyValue = string | number | boolean | null;
const copyField = (v: CopyValue) =>
  v === null ? "\\N" : String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");

/** One row in COPY's text format, newline included. */
export const copyLine = (row: CopyValue[]) => `${row.map(copyField).join("\t")}\n`;

interface PgliteClient {
  query(query: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}
interface PostgresClient {
  unsafe(query: string): { writable(): Promise<NodeJS.WritableStream> };
}

/**
 * Loads rows into a table with COPY (text format) on the connection of `db`, a transaction or not:
 * the fastest way in, on either driver. `table` and `columns` are trusted identifiers.
 */
export async function copyRows(db: Db, table: string, columns: string[], rows: CopyValue[][]): Promise<void> {
  if (rows.length === 0) return;
  let text = "";
  for (const row of rows) text += copyLine(row);
  await copyText(db, table, columns, text);
}

/** Loads lines already in COPY's text format (from `copyLine`). */
export async function copyText(db: Db, table: string, columns: string[], text: string): Promise<void> {
  if (text.length === 0) return;
  const client = (db as unknown as { session: { client: PgliteClient | PostgresClient } }).session.client;
  const target = `${table} (${columns.join(", ")})`;
  if ("unsafe" in client) {
    const { Readable } = await import("node:stream");
    const { pipeline } = await import("node:stream/promises");
    await pipeline(Readable.from([text]), await client.unsafe(`copy ${target} from stdin`).writable());
  } else {
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([text]) });
  }
}
