import { and, eq, sql } from "drizzle-orm";
import { attributes, customers, queryRows } from "@facet/db";
import { notFound } from "../errors";
import type { WorkspaceScope } from "../scope";
import { attributeSql } from "./builtin";

export interface ValueCount {
  value: string;
  customers: number;
}

/** What the data holds for one attribute, to suggest values in the rule builder. */
export interface ValueSummary {
  key: string;
  /** Customers with a value. */
  set: number;
  /** The most common values (text, enum, list, yes/no), with how many customers have each. */
  top: ValueCount[];
  /** Smallest and largest value (numbers, and dates as ISO text). */
  min: string | number | null;
  max: string | number | null;
  /** For numbers: the quartiles, the bounds of the middle half of customers. */
  quartiles: [number, number, number] | null;
}

const TOP = 25;

/**
 * Counts of the most common values, or the range, of an attribute over the workspace's customers. An
 * enum's declared values are all listed, with 0 for those nobody has yet.
 */
export async function summarizeValues(scope: Pick<WorkspaceScope, "db" | "workspaceId">, key: string): Promise<ValueSummary> {
  const [attr] = await scope.db
    .select({ key: attributes.key, type: attributes.type, column: attributes.column, enumValues: attributes.enumValues })
    .from(attributes)
    .where(and(eq(attributes.workspaceId, scope.workspaceId), eq(attributes.key, key)));
  if (!attr) throw notFound("attribute");
  const value = attributeSql(attr);
  const mine = sql`${customers.workspaceId} = ${scope.workspaceId}`;
  if (attr.type === "number" || attr.type === "date") {
    const quartiles = attr.type === "number" ? sql`percentile_cont(array[0.25, 0.5, 0.75]) within group (order by v)` : sql`null::float8[]`;
    const [r] = await queryRows<{ set: number; min: string | null; max: string | null; q: number[] | null }>(
      scope.db,
      sql`select count(v)::int as set, min(v)::text as min, max(v)::text as max, ${quartiles} as q from (select ${value} as v from customers where ${mine}) s`,
    );
    const q = r?.q?.map(Number);
    const asValue = (x: string | null) => (x === null ? null : attr.type === "number" ? Number(x) : new Date(x).toISOString());
    return {
      key,
      set: r?.set ?? 0,
      top: [],
      min: asValue(r?.min ?? null),
      max: asValue(r?.max ?? null),
      quartiles: q && q.length === 3 && q.every(Number.isFinite) ? [q[0]!, q[1]!, q[2]!] : null,
    };
  }
  // One row per customer and value (a list contributes each of its distinct elements).
  const values =
    attr.type === "list"
      ? sql`select distinct ${customers.id} as id, jsonb_array_elements_text(case when jsonb_typeof(${value}) = 'array' then ${value} end) as v from customers where ${mine}`
      : sql`select ${customers.id} as id, (${value})::text as v from customers where ${mine}`;
  // The counts of every value and, for one value per customer, their sum (customers with a value) in one scan;
  // a list's customers with any value must be counted apart (a customer has several values).
  const [rows, listSet] = await Promise.all([
    queryRows<ValueCount & { total: number }>(
      scope.db,
      sql`select value, customers, total from (
            select v as value, count(*)::int as customers, (sum(count(*)) over ())::int as total from (${values}) s where v is not null group by v) g
          where value <> '' order by customers desc, value limit ${TOP}`,
    ),
    attr.type === "list"
      ? queryRows<{ n: number }>(scope.db, sql`select count(distinct id)::int as n from (${values}) s where v is not null`)
      : Promise.resolve(null),
  ]);
  const top: ValueCount[] = rows.map(({ value, customers }) => ({ value, customers }));
  if (attr.type === "enum") for (const v of attr.enumValues) if (!top.some((t) => t.value === v)) top.push({ value: v, customers: 0 });
  return { key, set: listSet ? (listSet[0]?.n ?? 0) : (rows[0]?.total ?? 0), top, min: null, max: null, quartiles: null };
}
