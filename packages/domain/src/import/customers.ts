import { sql, type SQL } from "drizzle-orm";
import { attributes, importRejections, newId, queryRows, type Db, type ImportCounts, type Traits } from "@facet/db";
import type { CustomerImportSettings } from "@facet/validators";
import { listAttributes } from "../attribute";
import { coerceValue, type ValueRule } from "../attribute/values";
import { invalid } from "../errors";
import { readCsv } from "./csv";
import { emailPattern, normalizeExternalId } from "./identity";
import type { ImportProgress, Rejection } from "./jobs";

type Plan =
  | { index: number; header: string; target: "email" | "externalId" | "name" }
  | { index: number; header: string; target: "trait"; key: string; rule: ValueRule; collectEnum?: Set<string> };

interface StagedRow {
  row_no: number;
  new_id: string;
  key: string;
  email: string | null;
  external_id: string | null;
  name: string | null;
  traits: Traits;
}

const batchSize = 5000;


export interface CustomerImportInput {
  workspaceId: string;
  jobId: string;
  path: string;
  fileSize: number;
  header: string[];
  settings: CustomerImportSettings;
}

export interface CustomerImportResult {
  counts: ImportCounts;
  rejections: Rejection[];
}

/**
 * Imports customers from a CSV file inside the given transaction: new attributes, then every row
 * validated into a staging table, then one merge into `customers`. Throwing anywhere (or rolling
 * back for a dry run) leaves the data exactly as it was.
 */
export async function importCustomers(tx: Db, input: CustomerImportInput, onProgress: (p: ImportProgress) => void): Promise<CustomerImportResult> {
  const { settings, workspaceId } = input;
  const known = new Map((await listAttributes({ db: tx, workspaceId })).map((a) => [a.key, a]));
  const plans: Plan[] = [];
  settings.columns.forEach((m, index) => {
    const header = input.header[index] || `Column ${index + 1}`;
    if (m.target === "skip") return;
    if (m.target === "email" || m.target === "externalId" || m.target === "name") plans.push({ index, header, target: m.target });
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

  const newAttributes = settings.columns.filter((m) => m.target === "newAttribute");
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
      row_no int not null, new_id text not null, key text not null, email text, external_id text,
      name text, traits jsonb not null, matched_id text, reject text
    ) on commit drop`);

  const rejections: Rejection[] = [];
  const width = input.header.length;
  let batch: StagedRow[] = [];
  let rows = 0;
  let bytesRead = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.execute(sql`
      insert into import_staging (row_no, new_id, key, email, external_id, name, traits)
      select row_no, new_id, key, email, external_id, name, traits
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
        as t(row_no int, new_id text, key text, email text, external_id text, name text, traits jsonb)`);
    batch = [];
    onProgress({ bytesRead, totalBytes: input.fileSize, rowsRead: rows, phase: "reading" });
  };

  for await (const { rowNumber, cells } of readCsv(input.path, { ...settings, onBytes: (b) => (bytesRead = b) })) {
    rows++;
    if (cells.length !== width) {
      rejections.push({ rowNumber, column: null, reason: `Expected ${width} columns, found ${cells.length}.` });
      continue;
    }
    const staged: StagedRow = { row_no: rowNumber, new_id: "", key: "", email: null, external_id: null, name: null, traits: {} };
    let problem: Rejection | null = null;
    for (const plan of plans) {
      const raw = cells[plan.index] ?? "";
      if (plan.target === "email") {
        const email = raw.trim().toLowerCase();
        if (email && (!emailPattern.test(email) || email.length > 254)) problem = { rowNumber, column: plan.header, reason: `"${raw.trim()}" is not a valid email.` };
        staged.email = email || null;
      } else if (plan.target === "externalId") {
        const id = normalizeExternalId(raw);
        if (id.length > 200) problem = { rowNumber, column: plan.header, reason: "External ID longer than 200 characters." };
        staged.external_id = id || null;
      } else if (plan.target === "name") {
        staged.name = raw.trim().slice(0, 200) || null;
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
    if (!problem && !key) problem = { rowNumber, column: null, reason: `No ${settings.matchKey === "email" ? "email" : "external ID"} to match the customer by.` };
    if (problem) {
      rejections.push(problem);
      continue;
    }
    staged.key = key!;
    staged.new_id = newId("cus");
    batch.push(staged);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  onProgress({ bytesRead: input.fileSize, totalBytes: input.fileSize, rowsRead: rows, phase: "merging" });

  for (const plan of plans) {
    if (plan.target === "trait" && plan.collectEnum) {
      const values = [...plan.collectEnum].sort((a, b) => a.localeCompare(b)).slice(0, 500);
      await tx.execute(sql`update attributes set type = 'enum', enum_values = ${sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`}
        where workspace_id = ${workspaceId} and key = ${plan.key}`);
    }
  }

  const counts = await mergeStaged(tx, workspaceId, settings);
  const staged = await queryRows<{ row_no: number; reject: string }>(tx, sql`select row_no, reject from import_staging where reject is not null`);
  for (const r of staged) rejections.push({ rowNumber: r.row_no, column: null, reason: r.reject });
  rejections.sort((a, b) => a.rowNumber - b.rowNumber);
  return { counts: { rows, created: counts.created, updated: counts.updated, rejected: rejections.length }, rejections };
}

async function mergeStaged(tx: Db, workspaceId: string, settings: CustomerImportSettings) {
  const byEmail = settings.matchKey === "email";
  const keyColumn = sql.raw(byEmail ? "email" : "external_id");
  const otherColumn = sql.raw(byEmail ? "external_id" : "email");
  const keyLabel = byEmail ? "email" : "external ID";
  const otherLabel = byEmail ? "external ID" : "email";
  const exec = (q: SQL) => tx.execute(q);

  // The same customer twice in the file: the first row counts.
  await exec(sql`update import_staging s set reject = ${`Same ${keyLabel} as row `} || d.first
    from (select row_no, min(row_no) over (partition by key) as first from import_staging) d
    where s.row_no = d.row_no and d.first <> d.row_no`);
  await exec(sql`update import_staging s set matched_id = c.id from customers c
    where c.workspace_id = ${workspaceId} and c.${keyColumn} = s.key and s.reject is null`);
  if (settings.mode === "create") {
    await exec(sql`update import_staging set reject = ${`A customer with this ${keyLabel} already exists (mode: create new only).`}
      where matched_id is not null and reject is null`);
  } else if (settings.mode === "update") {
    await exec(sql`update import_staging set reject = ${`No customer with this ${keyLabel} (mode: update existing only).`}
      where matched_id is null and reject is null`);
  }
  // The other identity column must stay unique too.
  await exec(sql`update import_staging s set reject = ${`Same ${otherLabel} as row `} || d.first
    from (select row_no, min(row_no) over (partition by ${otherColumn}) as first from import_staging
          where ${otherColumn} is not null and reject is null) d
    where s.row_no = d.row_no and d.first <> d.row_no`);
  await exec(sql`update import_staging s set reject = ${`This ${otherLabel} belongs to another customer.`}
    from customers c
    where c.workspace_id = ${workspaceId} and c.${otherColumn} = s.${otherColumn}
      and c.id is distinct from s.matched_id and s.reject is null`);

  const [counts] = await queryRows<{ created: number; updated: number }>(
    tx,
    sql`select count(*) filter (where matched_id is null)::int as created, count(*) filter (where matched_id is not null)::int as updated
        from import_staging where reject is null`,
  );
  await exec(sql`update customers c set
      email = coalesce(s.email, c.email), external_id = coalesce(s.external_id, c.external_id),
      name = coalesce(s.name, c.name), traits = c.traits || s.traits, updated_at = now()
    from import_staging s
    where c.workspace_id = ${workspaceId} and c.id = s.matched_id and s.reject is null`);
  await exec(sql`insert into customers (workspace_id, id, email, external_id, name, traits)
    select ${workspaceId}, new_id, email, external_id, name, traits from import_staging
    where reject is null and matched_id is null`);
  return counts ?? { created: 0, updated: 0 };
}

/** Stores the rejected rows for the report, replacing an earlier run's. */
export async function saveRejections(db: Db, workspaceId: string, jobId: string, rejections: Rejection[]) {
  await db.execute(sql`delete from import_rejections where workspace_id = ${workspaceId} and job_id = ${jobId}`);
  for (let i = 0; i < rejections.length; i += 2000) {
    await db.insert(importRejections).values(
      rejections.slice(i, i + 2000).map((r) => ({ workspaceId, jobId, rowNumber: r.rowNumber, column: r.column, reason: r.reason })),
    );
  }
}
