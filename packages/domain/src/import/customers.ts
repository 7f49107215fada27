import { sql, type SQL } from "drizzle-orm";
import { attributes, importRejections, newId, queryRows, textArray, type Db, type ImportCounts, type Traits } from "@facet/db";
import type { CustomerImportSettings } from "@facet/validators";
import { attributeRoom, listAttributes, maxAttributesPerWorkspace } from "../attribute";
import { coerceValue, type ValueRule } from "../attribute/values";
import { invalid } from "../errors";
import { attributeTouches, recordCustomerChangesFor } from "../live";
import { readCsv, unreadableRow } from "./csv";
import { StagedRows, type ReadImport } from "./spool";
import { emailPattern, normalizeExternalId } from "./identity";
import type { ImportProgress, Rejection } from "./jobs";

type Plan =
  | { index: number; header: string; target: "email" | "externalId" | "name" | "orderCount" | "lifetimeValue" }
  | { index: number; header: string; target: "trait"; key: string; rule: ValueRule; collectEnum?: Set<string> };

interface StagedRow {
  row_no: number;
  new_id: string;
  key: string;
  email: string | null;
  external_id: string | null;
  name: string | null;
  traits: Traits;
  imported_orders: number | null;
  imported_spend: string | null;
}

const batchSize = 5000;

export interface CustomerImportInput {
  workspaceId: string;
  jobId: string;
  path: string;
  signal?: AbortSignal;
  fileSize: number;
  header: string[];
  settings: CustomerImportSettings;
}

export interface CustomerImportResult {
  counts: ImportCounts;
  rejections: Rejection[];
}

/**
 * Reads and checks a customer file into staged rows, outside any transaction; `apply` then imports them inside
 * the given transaction: new attributes, the staged rows into a staging table, one merge into `customers`.
 * Throwing anywhere in `apply` (or rolling back for a dry run) leaves the data exactly as it was.
 */
export async function readCustomerFile(
  db: Db,
  input: CustomerImportInput,
  onProgress: (p: ImportProgress) => void,
): Promise<ReadImport<CustomerImportResult>> {
  const { settings, workspaceId } = input;
  const known = new Map((await listAttributes({ db, workspaceId })).map((a) => [a.key, a]));
  const plans: Plan[] = [];
  settings.columns.forEach((m, index) => {
    const header = input.header[index] || `Column ${index + 1}`;
    if (m.target === "skip") return;
    if (
      m.target === "email" ||
      m.target === "externalId" ||
      m.target === "name" ||
      m.target === "orderCount" ||
      m.target === "lifetimeValue"
    )
      plans.push({ index, header, target: m.target });
    else if (m.target === "attribute") {
      const a = known.get(m.key);
      if (!a) throw invalid(`There is no attribute "${m.key}".`);
      plans.push({ index, header, target: "trait", key: a.key, rule: a });
    } else {
      // New enum attributes take the values the file holds.
      const collectEnum = m.type === "enum" ? new Set<string>() : undefined;
      plans.push({ index, header, target: "trait", key: m.key, rule: { type: m.type === "enum" ? "string" : m.type }, collectEnum });
    }
  });

  // Early, so a workspace without room hears it before the file is read; checked again in the transaction.
  await checkAttributeRoom(db, input);
  const staged = new StagedRows(`${input.path}.rows`);
  try {
    const read = await readRows(input, plans, staged, onProgress);
    return {
      apply: (tx) => applyCustomerRows(tx, input, plans, staged, read, onProgress),
      discard: () => staged.discard(),
    };
  } catch (err) {
    await staged.discard();
    throw err;
  }
}

/** The new attributes the mapping adds, if the workspace has room for them. */
async function checkAttributeRoom(db: Db, input: CustomerImportInput) {
  const newAttributes = input.settings.columns.filter((m) => m.target === "newAttribute");
  const room = newAttributes.length ? await attributeRoom(db, input.workspaceId) : 0;
  if (newAttributes.length > room) {
    throw invalid(
      `This import would add ${newAttributes.length} attributes and the workspace has room for ${room} (the limit is ${maxAttributesPerWorkspace.toLocaleString("en-US")}). Map some columns to existing attributes, skip them, or archive attributes the workspace no longer needs.`,
    );
  }
  return newAttributes;
}

const stagedColumns = ["row_no", "new_id", "key", "email", "external_id", "name", "traits", "imported_orders", "imported_spend"];

/** Every row of the file checked: the good ones staged, the others rejected with their reason. */
async function readRows(input: CustomerImportInput, plans: Plan[], staging: StagedRows, onProgress: (p: ImportProgress) => void) {
  const { settings } = input;
  const rejections: Rejection[] = [];
  const width = input.header.length;
  let rows = 0;
  let bytesRead = 0;
  const progress = () => onProgress({ bytesRead, totalBytes: input.fileSize, rowsRead: rows, phase: "reading" });
  for await (const row of readCsv(input.path, { ...settings, signal: input.signal, onBytes: (b) => (bytesRead = b) })) {
    rows++;
    const { rowNumber, cells } = row;
    if (!cells) {
      rejections.push(unreadableRow(rowNumber, row.unreadable, input.header));
      continue;
    }
    if (cells.length !== width) {
      rejections.push({ rowNumber, column: null, reason: `Expected ${width} columns, found ${cells.length}.` });
      continue;
    }
    const staged: StagedRow = {
      row_no: rowNumber,
      new_id: "",
      key: "",
      email: null,
      external_id: null,
      name: null,
      traits: {},
      imported_orders: null,
      imported_spend: null,
    };
    let problem: Rejection | null = null;
    for (const plan of plans) {
      const raw = cells[plan.index] ?? "";
      if (plan.target === "email") {
        const email = raw.trim().toLowerCase();
        if (email && (!emailPattern.test(email) || email.length > 254))
          problem = { rowNumber, column: plan.header, reason: `"${raw.trim()}" is not a valid email.` };
        staged.email = email || null;
      } else if (plan.target === "externalId") {
        const id = normalizeExternalId(raw);
        if (id.length > 200) problem = { rowNumber, column: plan.header, reason: "External ID longer than 200 characters." };
        staged.external_id = id || null;
      } else if (plan.target === "name") {
        staged.name = raw.trim().slice(0, 200) || null;
      } else if (plan.target === "orderCount" || plan.target === "lifetimeValue") {
        const metric = importedMetric(plan.target, raw);
        if (typeof metric === "object") problem = { rowNumber, column: plan.header, reason: metric.reason };
        else if (plan.target === "orderCount") staged.imported_orders = metric === undefined ? null : Number(metric);
        else staged.imported_spend = metric ?? null;
      } else if (plan.target === "trait") {
        const result = coerceValue(plan.rule, raw);
        if (!result.ok) problem = { rowNumber, column: plan.header, reason: result.reason };
        else if (result.value !== null) {
          staged.traits[plan.key] = result.value;
          if (plan.collectEnum && typeof result.value === "string") plan.collectEnum.add(result.value);
        }
      }
      if (problem) break;
    }
    const key = settings.matchKey === "email" ? staged.email : staged.external_id;
    if (!problem && !key)
      problem = {
        rowNumber,
        column: null,
        reason: `No ${settings.matchKey === "email" ? "email" : "external ID"} to match the customer by.`,
      };
    if (problem) {
      rejections.push(problem);
      continue;
    }
    staged.key = key!;
    staged.new_id = newId("cus");
    await staging.add([
      staged.row_no,
      staged.new_id,
      staged.key,
      staged.email,
      staged.external_id,
      staged.name,
      JSON.stringify(staged.traits),
      staged.imported_orders,
      staged.imported_spend,
    ]);
    if (rows % batchSize === 0) progress();
  }
  progress();
  return { rows, rejections };
}

/** Inside the import's transaction: the new attributes, the staged rows, the merge. */
async function applyCustomerRows(
  tx: Db,
  input: CustomerImportInput,
  plans: Plan[],
  staged: StagedRows,
  read: { rows: number; rejections: Rejection[] },
  onProgress: (p: ImportProgress) => void,
): Promise<CustomerImportResult> {
  const { settings, workspaceId } = input;
  const rows = read.rows;
  const rejections = [...read.rejections];
  const newAttributes = await checkAttributeRoom(tx, input);
  for (const m of newAttributes) {
    await tx.insert(attributes).values({
      workspaceId,
      id: newId("attr"),
      key: m.key,
      label: m.label,
      type: m.type,
      dimension: m.dimension,
    });
  }

  await tx.execute(sql`drop table if exists import_staging`);
  await tx.execute(sql`
    create temp table import_staging (
      row_no int not null, new_id text not null, key text not null, email text, external_id text, name text, traits jsonb not null,
      imported_orders int, imported_spend numeric(14, 2)
    ) on commit drop`);
  await staged.load(tx, "import_staging", stagedColumns);
  onProgress({ bytesRead: input.fileSize, totalBytes: input.fileSize, rowsRead: rows, phase: "merging" });

  for (const plan of plans) {
    if (plan.target === "trait" && plan.collectEnum) {
      const values = [...plan.collectEnum].sort((a, b) => a.localeCompare(b)).slice(0, 500);
      await tx.execute(sql`update attributes set type = 'enum', enum_values = ${textArray(values)}
        where workspace_id = ${workspaceId} and key = ${plan.key}`);
    }
  }

  const counts = await mergeStaged(tx, workspaceId, settings);
  // The live audiences' outbox: new customers may be in anything; updated ones changed in the mapped columns.
  const detail = { importId: input.jobId };
  await recordCustomerChangesFor(tx, workspaceId, sql`select new_id from import_plan where reject is null and matched_id is null`, {
    cause: "import",
    touches: ["*"],
    detail,
  });
  const mappedKeys = plans.flatMap((p) =>
    p.target === "trait"
      ? [p.key]
      : p.target === "externalId"
        ? ["external_id"]
        : p.target === "orderCount"
          ? ["order_count", "avg_order_value"]
          : p.target === "lifetimeValue"
            ? ["total_spend", "avg_order_value"]
            : [p.target],
  );
  await recordCustomerChangesFor(tx, workspaceId, sql`select matched_id from import_plan where reject is null and matched_id is not null`, {
    cause: "import",
    touches: attributeTouches(mappedKeys),
    detail,
  });
  const refused = await queryRows<{ row_no: number; reject: string }>(
    tx,
    sql`select row_no, reject from import_plan where reject is not null`,
  );
  for (const r of refused) rejections.push({ rowNumber: r.row_no, column: null, reason: r.reject });
  rejections.sort((a, b) => a.rowNumber - b.rowNumber);
  return { counts: { rows, created: counts.created, updated: counts.updated, rejected: rejections.length }, rejections };
}

/**
 * Decides every staged row in one pass (a duplicate in the file, the mode, the other identity column
 * taken) into `import_plan`, then updates and inserts the customers from it.
 */
async function mergeStaged(tx: Db, workspaceId: string, settings: CustomerImportSettings) {
  const byEmail = settings.matchKey === "email";
  const keyColumn = sql.raw(byEmail ? "email" : "external_id");
  const otherColumn = sql.raw(byEmail ? "external_id" : "email");
  const keyLabel = byEmail ? "email" : "external ID";
  const otherLabel = byEmail ? "external ID" : "email";
  const exec = (q: SQL) => tx.execute(q);

  await exec(sql`analyze import_staging`);
  await exec(sql`drop table if exists import_plan`);
  await exec(sql`
    create temp table import_plan on commit drop as
    with firsts as (
      select s.*, min(row_no) over (partition by key) as key_first from import_staging s
    ), ranked as (
      -- Among rows that are first for their key, the first one holding each value of the other column.
      select f.*, case when key_first = row_no and ${otherColumn} is not null
                       then min(row_no) over (partition by ${otherColumn}, key_first = row_no) end as other_first
      from firsts f
    )
    select r.row_no, r.new_id, r.email, r.external_id, r.name, r.traits, r.imported_orders, r.imported_spend, m.id as matched_id,
      case
        when r.key_first <> r.row_no then ${`Same ${keyLabel} as row `} || r.key_first
        when ${settings.mode === "create"} and m.id is not null then ${`A customer with this ${keyLabel} already exists (mode: create new only).`}
        when ${settings.mode === "update"} and m.id is null then ${`No customer with this ${keyLabel} (mode: update existing only).`}
        when r.other_first <> r.row_no then ${`Same ${otherLabel} as row `} || r.other_first
        when o.id is not null and o.id is distinct from m.id then ${`This ${otherLabel} belongs to another customer.`}
      end as reject
    from ranked r
    left join customers m on m.workspace_id = ${workspaceId} and m.${keyColumn} = r.key
    left join customers o on o.workspace_id = ${workspaceId} and o.${otherColumn} = r.${otherColumn}`);

  const [counts] = await queryRows<{ created: number; updated: number }>(
    tx,
    sql`select count(*) filter (where matched_id is null)::int as created, count(*) filter (where matched_id is not null)::int as updated
        from import_plan where reject is null`,
  );
  if ((counts?.updated ?? 0) > 0) {
    // An imported order count or lifetime value replaces the one an earlier import gave; what events added stays.
    await exec(sql`update customers c set
        email = coalesce(p.email, c.email), external_id = coalesce(p.external_id, c.external_id),
        name = coalesce(p.name, c.name), traits = c.traits || p.traits, updated_at = now(),
        order_count = c.order_count - c.imported_order_count + coalesce(p.imported_orders, c.imported_order_count),
        imported_order_count = coalesce(p.imported_orders, c.imported_order_count),
        total_spend = c.total_spend - c.imported_spend + coalesce(p.imported_spend, c.imported_spend),
        imported_spend = coalesce(p.imported_spend, c.imported_spend)
      from import_plan p
      where c.workspace_id = ${workspaceId} and c.id = p.matched_id and p.reject is null`);
  }
  await exec(sql`insert into customers (workspace_id, id, email, external_id, name, traits,
      order_count, imported_order_count, total_spend, imported_spend)
    select ${workspaceId}, new_id, email, external_id, name, traits,
      coalesce(imported_orders, 0), coalesce(imported_orders, 0), coalesce(imported_spend, 0), coalesce(imported_spend, 0)
    from import_plan where reject is null and matched_id is null`);
  return counts ?? { created: 0, updated: 0 };
}

/** Largest lifetime value a customer can hold (`numeric(14,2)`), and order count (`integer`). */
const maxSpend = 999_999_999_999.99;
const maxOrders = 2_147_483_647;

/**
 * A cell mapped to orders or lifetime value: undefined when empty (the customer keeps what it had), the
 * value as text for SQL (money keeps its cents exactly), or why the row is refused.
 */
export function importedMetric(target: "orderCount" | "lifetimeValue", raw: string): string | undefined | { reason: string } {
  const text = raw.trim();
  if (!text) return undefined;
  const parsed = coerceValue({ type: "number" }, text);
  const what = target === "orderCount" ? "order count" : "lifetime value";
  if (!parsed.ok || typeof parsed.value !== "number") return { reason: `"${text}" is not a number (${what}).` };
  const n = parsed.value;
  if (n < 0) return { reason: `${target === "orderCount" ? "An order count" : "A lifetime value"} can't be negative ("${text}").` };
  if (target === "orderCount") {
    if (!Number.isInteger(n)) return { reason: `An order count is a whole number ("${text}").` };
    if (n > maxOrders) return { reason: `"${text}" is more orders than a customer can hold.` };
    return String(n);
  }
  if (n > maxSpend) return { reason: `"${text}" is more than a lifetime value can hold (${maxSpend.toLocaleString("en-US")}).` };
  return n.toFixed(2);
}

/** Stores the rejected rows for the report, replacing an earlier run's. */
export async function saveRejections(db: Db, workspaceId: string, jobId: string, rejections: Rejection[]) {
  await db.execute(sql`delete from import_rejections where workspace_id = ${workspaceId} and job_id = ${jobId}`);
  for (let i = 0; i < rejections.length; i += 2000) {
    await db
      .insert(importRejections)
      .values(
        rejections.slice(i, i + 2000).map((r) => ({ workspaceId, jobId, rowNumber: r.rowNumber, column: r.column, reason: r.reason })),
      );
  }
}
