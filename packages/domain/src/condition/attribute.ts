import { sql, type SQL } from "drizzle-orm";
import { customers } from "@facet/db";
import { attributeOperators, listOperators, operatorLabels, valuelessOperators, type AttributeCondition, type AttributeType } from "@facet/validators";
import { attributeSql } from "../attribute/builtin";
import { coerceValue } from "../attribute/values";
import { invalid } from "../errors";

export interface ConditionAttribute {
  key: string;
  label: string;
  type: AttributeType;
  column: string | null;
  enumValues: readonly string[];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const textArray = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/**
 * SQL that is true for the customers (rows of `customers`) meeting the condition. The value is
 * checked against the attribute's type; a bad one throws a clear INVALID error.
 */
export function compileAttributeCondition(attr: ConditionAttribute, c: AttributeCondition): SQL {
  const allowed: readonly string[] = attributeOperators[attr.type];
  const what = `${attr.label} ${operatorLabels[c.op] ?? c.op}`;
  if (!allowed.includes(c.op)) throw invalid(`"${operatorLabels[c.op] ?? c.op}" doesn't apply to ${attr.label}.`, "filters");
  const x = attributeSql(attr);
  // A trait is "set" when present; a list also needs at least one item.
  const present = attr.column ? sql`${x} is not null` : attr.type === "list" ? sql`jsonb_array_length(coalesce(${x}, '[]'::jsonb)) > 0` : sql`${customers.traits} ? ${attr.key}`;
  if (c.op === "is_set") return present;
  if (c.op === "is_not_set") return sql`not (${present})`;
  if (c.op === "is_true") return sql`${x} is true`;
  if (c.op === "is_false") return sql`${x} is false`;
  if (valuelessOperators.has(c.op)) throw invalid(`Unknown operator for ${attr.label}.`, "filters");

  const scalar = (raw: unknown, type: AttributeType = attr.type) => {
    const r = coerceValue({ type: type === "enum" || type === "list" ? "string" : type }, typeof raw === "number" ? String(raw) : raw);
    if (!r.ok || r.value === null) throw invalid(`${what}: ${r.ok ? "enter a value" : r.reason}.`, "filters");
    return r.value as string | number;
  };
  const days = (raw: unknown) => {
    const n = scalar(raw, "number") as number;
    if (!Number.isInteger(n) || n < 0 || n > 36_500) throw invalid(`${what}: enter a whole number of days.`, "filters");
    return n;
  };
  const strings = (raw: unknown) => {
    if (!Array.isArray(raw) || raw.length === 0 || raw.some((v) => typeof v !== "string")) throw invalid(`${what}: choose at least one value.`, "filters");
    return raw as string[];
  };
  const pair = (raw: unknown): [string | number, string | number] => {
    if (!Array.isArray(raw) || raw.length !== 2) throw invalid(`${what}: enter both ends of the range.`, "filters");
    return [scalar(raw[0]), scalar(raw[1])];
  };
  if (listOperators.has(c.op)) {
    const values = strings(c.value);
    switch (c.op) {
      case "in":
        return sql`${x} = any(${textArray(values)})`;
      case "not_in":
        return sql`(${x} is null or not (${x} = any(${textArray(values)})))`;
      case "includes_any":
        return sql`coalesce(${x}, '[]'::jsonb) ?| ${textArray(values)}`;
      case "includes_all":
        return sql`coalesce(${x}, '[]'::jsonb) ?& ${textArray(values)}`;
      default:
        return sql`not (coalesce(${x}, '[]'::jsonb) ?| ${textArray(values)})`;
    }
  }
  const v = () => {
    if (Array.isArray(c.value)) throw invalid(`${what}: enter one value.`, "filters");
    return scalar(c.value);
  };
  switch (c.op) {
    case "is":
      return sql`lower(${x}) = lower(${v()})`;
    case "is_not":
      return sql`(${x} is null or lower(${x}) <> lower(${v()}))`;
    case "contains":
      return sql`${x} ilike ${`%${escapeLike(String(v()))}%`}`;
    case "starts_with":
      return sql`${x} ilike ${`${escapeLike(String(v()))}%`}`;
    case "eq":
      return sql`${x} = ${v()}::numeric`;
    case "neq":
      return sql`(${x} is null or ${x} <> ${v()}::numeric)`;
    case "gt":
      return sql`${x} > ${v()}::numeric`;
    case "gte":
      return sql`${x} >= ${v()}::numeric`;
    case "lt":
      return sql`${x} < ${v()}::numeric`;
    case "lte":
      return sql`${x} <= ${v()}::numeric`;
    case "before":
      return sql`${x} < ${v()}::timestamptz`;
    case "after":
      return sql`${x} > ${v()}::timestamptz`;
    case "between": {
      const [lo, hi] = pair(c.value);
      const cast = sql.raw(attr.type === "date" ? "timestamptz" : "numeric");
      return sql`${x} between ${lo}::${cast} and ${hi}::${cast}`;
    }
    case "in_last_days":
      return sql`${x} >= now() - make_interval(days => ${days(c.value)})`;
    case "more_than_days_ago":
      return sql`${x} < now() - make_interval(days => ${days(c.value)})`;
  }
  throw invalid(`Unknown operator for ${attr.label}.`, "filters");
}
