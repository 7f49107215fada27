import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { newId, queryRows, type Db, type ImportCounts } from "@facet/db";
import type { EventImportSettings } from "@facet/validators";
import { parseDate } from "../attribute/values";
import { analyzeCustomerTables, isPurchase, recomputeMetrics } from "../customer/metrics";
import { eventTouches, recordCustomerChangesFor } from "../live";
import { readCsv, unreadableRow } from "./csv";
import { StagedRows, type ReadImport } from "./spool";
import { emailPattern, normalizeExternalId } from "./identity";
import type { ImportProgress, Rejection } from "./jobs";

interface StagedEvent {
  row_no: number;
  event_key: string;
  customer_key: string;
  new_customer_id: string;
  name: string;
  occurred_at: string;
  revenue: number | null;
  line: Record<string, string | number>;
}

export interface EventImportInput {
  workspaceId: string;
  path: string;
  signal?: AbortSignal;
  fileSize: number;
  header: string[];
  settings: EventImportSettings;
  /** The import, named as the cause in the segments' change log. */
  importId?: string;
}

export interface EventImportResult {
  counts: ImportCounts;
  rejections: Rejection[];
}

const batchSize = 5000;
const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const cents = (n: number) => Math.round(n * 100) / 100;

/** What one row of an event file says, or why it can't be imported. */
export function readEventRow(
  settings: EventImportSettings,
  header: string[],
  rowNumber: number,
  cells: string[],
): { ok: true; event: Omit<StagedEvent, "new_customer_id"> } | { ok: false; rejection: Rejection } {
  const reject = (column: string | null, reason: string) => ({ ok: false as const, rejection: { rowNumber, column, reason } });
  if (cells.length !== header.length) return reject(null, `Expected ${header.length} columns, found ${cells.length}.`);
  const byEmail = settings.matchKey === "email";
  let key = "";
  let name = settings.eventName;
  let time: string | null = null;
  let eventId = "";
  let quantity: number | null = null;
  let unitPrice: number | null = null;
  let revenue: number | null = null;
  const line: Record<string, string | number> = {};
  for (const [i, m] of settings.columns.entries()) {
    const column = header[i] || `Column ${i + 1}`;
    const raw = (cells[i] ?? "").trim();
    const amount = () => {
      if (raw === "") return { value: null };
      if (!number.test(raw)) return { error: `"${raw.slice(0, 40)}" is not a number.` };
      return { value: Number(raw) };
    };
    switch (m.target) {
      case "skip":
        break;
      case "customerKey":
        key = byEmail ? raw.toLowerCase() : normalizeExternalId(raw);
        if (!key) return reject(column, `No ${byEmail ? "email" : "customer ID"}: the event has no customer.`);
        if (byEmail && (!emailPattern.test(key) || key.length > 254)) return reject(column, `"${raw}" is not a valid email.`);
        if (key.length > 254) return reject(column, "Customer ID longer than 254 characters.");
        break;
      case "eventName":
        if (!raw) return reject(column, "No event name.");
        if (raw.length > 100) return reject(column, "Event name longer than 100 characters.");
        name = raw;
        break;
      case "time":
        time = raw ? parseDate(raw) : null;
        if (!time) return reject(column, raw ? `"${raw.slice(0, 40)}" is not a time like 2011-12-09 12:50.` : "No time.");
        break;
      case "eventId":
        eventId = raw;
        break;
      case "quantity":
      case "unitPrice":
      case "revenue": {
        const a = amount();
        if ("error" in a) return reject(column, a.error!);
        if (m.target === "quantity") quantity = a.value;
        else if (m.target === "unitPrice") unitPrice = a.value;
        else revenue = a.value;
        break;
      }
      case "property":
        if (raw) line[m.key] = raw.slice(0, 2000);
        break;
    }
  }
  if (quantity !== null) line.quantity = quantity;
  if (unitPrice !== null) line.unit_price = unitPrice;
  const hasRevenueColumn = settings.columns.some((m) => m.target === "revenue");
  if (!hasRevenueColumn && quantity !== null && unitPrice !== null) revenue = cents(quantity * unitPrice);
  // Without an id, the row itself is the event's identity: the same row imported twice is stored once.
  const event_key = eventId ? `id:${eventId}` : `row:${createHash("sha1").update(cells.join("\u001f")).digest("base64url")}`;
  return { ok: true, event: { row_no: rowNumber, event_key, customer_key: key, name, occurred_at: time!, revenue, line } };
}

/**
 * Reads and checks an event file into staged rows, outside any transaction; `apply` then imports them inside
 * the given transaction: rows sharing an event id become one event (an order and its items), customers are
 * found or created, events already stored are skipped, and the customers' metrics are recomputed.
 */
export async function readEventFile(
  _db: Db,
  input: EventImportInput,
  onProgress: (p: ImportProgress) => void,
): Promise<ReadImport<EventImportResult>> {
  const staged = new StagedRows(`${input.path}.rows`);
  try {
    const read = await readEventRows(input, staged, onProgress);
    return { apply: (tx) => applyEventRows(tx, input, staged, read, onProgress), discard: () => staged.discard() };
  } catch (err) {
    await staged.discard();
    throw err;
  }
}

const stagedColumns = ["row_no", "event_key", "customer_key", "new_customer_id", "name", "occurred_at", "revenue", "line"];

/** Every row of the file checked: the good ones staged, the others rejected with their reason. */
async function readEventRows(input: EventImportInput, staging: StagedRows, onProgress: (p: ImportProgress) => void) {
  const { settings } = input;
  const rejections: Rejection[] = [];
  // One new id per customer the file names, so all their rows agree on it.
  const newCustomerIds = new Map<string, string>();
  let rows = 0;
  let bytesRead = 0;
  const progress = () => onProgress({ bytesRead, totalBytes: input.fileSize, rowsRead: rows, phase: "reading" });
  for await (const row of readCsv(input.path, { ...settings, signal: input.signal, onBytes: (b) => (bytesRead = b) })) {
    rows++;
    if (!row.cells) {
      rejections.push(unreadableRow(row.rowNumber, row.unreadable, input.header));
      continue;
    }
    const read = readEventRow(settings, input.header, row.rowNumber, row.cells);
    if (!read.ok) {
      rejections.push(read.rejection);
      continue;
    }
    const e = read.event;
    let id = newCustomerIds.get(e.customer_key);
    if (!id) newCustomerIds.set(e.customer_key, (id = newId("cus")));
    await staging.add([e.row_no, e.event_key, e.customer_key, id, e.name, e.occurred_at, e.revenue, JSON.stringify(e.line)]);
    if (rows % batchSize === 0) progress();
  }
  progress();
  return { rows, rejections };
}

/** Inside the import's transaction: the staged rows, their customers, the events, the metrics. */
async function applyEventRows(
  tx: Db,
  input: EventImportInput,
  spool: StagedRows,
  read: { rows: number; rejections: Rejection[] },
  onProgress: (p: ImportProgress) => void,
): Promise<EventImportResult> {
  const { settings, workspaceId } = input;
  const { rows } = read;
  const rejections = [...read.rejections];
  const grouped = settings.columns.some((m) => m.target === "eventId");
  await tx.execute(sql`drop table if exists import_event_staging`);
  await tx.execute(sql`
    create temp table import_event_staging (
      row_no int not null, event_key text not null, customer_key text not null, new_customer_id text not null,
      name text not null, occurred_at timestamptz not null, revenue numeric, line jsonb not null, customer_id text
    ) on commit drop`);
  await spool.load(tx, "import_event_staging", stagedColumns);
  onProgress({ bytesRead: input.fileSize, totalBytes: input.fileSize, rowsRead: rows, phase: "merging" });

  const keyColumn = sql.raw(settings.matchKey === "email" ? "email" : "external_id");
  const findCustomers = () =>
    tx.execute(sql`update import_event_staging s set customer_id = c.id from customers c
      where c.workspace_id = ${workspaceId} and c.${keyColumn} = s.customer_key and s.customer_id is null`);
  await tx.execute(sql`create index on import_event_staging (customer_key)`);
  await findCustomers();
  let customersCreated = 0;
  if (settings.createCustomers) {
    const created = await queryRows<{ n: number }>(
      tx,
      sql`with created as (
            insert into customers (workspace_id, id, ${keyColumn})
            select distinct on (customer_key) ${workspaceId}, new_customer_id, customer_key
            from import_event_staging where customer_id is null order by customer_key
            on conflict do nothing returning 1)
          select count(*)::int as n from created`,
    );
    customersCreated = created[0]?.n ?? 0;
    await findCustomers();
  } else {
    const missing = await queryRows<{ row_no: number }>(
      tx,
      sql`delete from import_event_staging where customer_id is null returning row_no`,
    );
    const reason = `No customer with this ${settings.matchKey === "email" ? "email" : "customer ID"} (this import doesn't create customers).`;
    for (const r of missing) rejections.push({ rowNumber: r.row_no, column: null, reason });
  }

  // Rows sharing an event id are one event: the first row's customer, name and time, the items' total.
  const properties = grouped
    ? sql`jsonb_build_object('event_id', substr(a.event_key, 4), 'item_count', a.n, 'items', a.items)`
    : sql`a.items -> 0`;
  const [result] = await queryRows<{ staged: number; groups: number; inserted: number }>(
    tx,
    sql`with firsts as (
          select distinct on (event_key) event_key, customer_id, name, occurred_at
          from import_event_staging order by event_key, row_no
        ), agg as (
          select event_key, count(*)::int as n, sum(revenue) as revenue, jsonb_agg(line order by row_no) as items
          from import_event_staging group by event_key
        ), inserted as (
          insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue, message_id)
          select ${workspaceId}, f.customer_id,
                 case when a.revenue < 0 and ${isPurchase(sql`f.name`)} then 'refund' else f.name end,
                 f.occurred_at, ${properties}, a.revenue, 'import:' || f.event_key
          from firsts f join agg a using (event_key)
          on conflict do nothing
          returning 1
        )
        select (select count(*) from import_event_staging)::int as staged, (select count(*) from firsts)::int as groups,
               (select count(*) from inserted)::int as inserted`,
  );
  // ANALYZE counts this transaction's own new rows, so the recompute plans for the events just added.
  await analyzeCustomerTables(tx);
  await recomputeMetrics(tx, workspaceId, sql`select distinct customer_id from import_event_staging`);
  // The live audiences' outbox: the customers this import created may be in anything; the others moved by these events.
  const names = await queryRows<{ name: string }>(tx, sql`select distinct name from import_event_staging`);
  const detail = { importId: input.importId ?? null };
  await recordCustomerChangesFor(
    tx,
    workspaceId,
    sql`select distinct customer_id from import_event_staging where customer_id = new_customer_id`,
    {
      cause: "import",
      touches: ["*"],
      detail,
    },
  );
  await recordCustomerChangesFor(
    tx,
    workspaceId,
    sql`select distinct customer_id from import_event_staging where customer_id <> new_customer_id`,
    {
      cause: "import",
      // A purchase with negative revenue is stored as a refund.
      touches: [...new Set([...names.map((n) => n.name), "refund"].flatMap(eventTouches))],
      detail,
    },
  );
  rejections.sort((a, b) => a.rowNumber - b.rowNumber);
  const { staged = 0, groups = 0, inserted = 0 } = result ?? {};
  // Already stored, plus (without event ids) rows identical to an earlier row of the file.
  const duplicates = groups - inserted + (grouped ? 0 : staged - groups);
  return {
    counts: { rows, created: inserted, updated: 0, rejected: rejections.length, duplicates, customersCreated },
    rejections,
  };
}
