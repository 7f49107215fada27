import { sql, type SQL } from "drizzle-orm";
import { customers } from "@facet/db";
import type { AttributeType, Dimension } from "@facet/validators";

export interface BuiltinAttribute {
  key: string;
  label: string;
  type: AttributeType;
  dimension: Dimension;
  computed: boolean;
  description: string;
}

/** Attributes every workspace has. Identity ones are editable; the rest Facet computes from events. */
export const builtinAttributes: BuiltinAttribute[] = [
  { key: "email", label: "Email", type: "string", dimension: "demographic", computed: false, description: "Unique per workspace." },
  { key: "name", label: "Name", type: "string", dimension: "demographic", computed: false, description: "" },
  {
    key: "external_id",
    label: "External ID",
    type: "string",
    dimension: "demographic",
    computed: false,
    description: "Your own id for the customer; unique per workspace.",
  },
  {
    key: "created_at",
    label: "First seen",
    type: "date",
    dimension: "behavioral",
    computed: true,
    description: "When the customer was added.",
  },
  {
    key: "last_seen_at",
    label: "Last seen",
    type: "date",
    dimension: "behavioral",
    computed: true,
    description: "Time of the latest event.",
  },
  { key: "order_count", label: "Orders", type: "number", dimension: "value", computed: true, description: "Number of purchase events." },
  {
    key: "total_spend",
    label: "Lifetime value",
    type: "number",
    dimension: "value",
    computed: true,
    description: "Sum of purchase revenue.",
  },
  {
    key: "avg_order_value",
    label: "Average order value",
    type: "number",
    dimension: "value",
    computed: true,
    description: "Lifetime value / orders.",
  },
  { key: "first_purchase_at", label: "First purchase", type: "date", dimension: "value", computed: true, description: "" },
  { key: "last_purchase_at", label: "Last purchase", type: "date", dimension: "behavioral", computed: true, description: "" },
  {
    key: "days_since_last_purchase",
    label: "Days since last purchase",
    type: "number",
    dimension: "value",
    computed: true,
    description: "Whole days since the last purchase.",
  },
];

/** SQL for each built-in attribute of `customers`, typed (text, numeric, timestamptz). */
export const builtinSql: Record<string, SQL> = {
  email: sql`${customers.email}`,
  name: sql`${customers.name}`,
  external_id: sql`${customers.externalId}`,
  created_at: sql`${customers.createdAt}`,
  last_seen_at: sql`${customers.lastSeenAt}`,
  order_count: sql`${customers.orderCount}::numeric`,
  total_spend: sql`${customers.totalSpend}`,
  avg_order_value: sql`(case when ${customers.orderCount} > 0 then round(${customers.totalSpend} / ${customers.orderCount}, 2) end)`,
  first_purchase_at: sql`${customers.firstPurchaseAt}`,
  last_purchase_at: sql`${customers.lastPurchaseAt}`,
  days_since_last_purchase: sql`floor(extract(epoch from (now() - ${customers.lastPurchaseAt})) / 86400)::numeric`,
  // RFM scores live in their own table (rewritten in bulk by each RFM run): looked up per customer.
  ...Object.fromEntries(
    (["r", "f", "m", "segment"] as const).map((c) => [
      `rfm_${c}`,
      sql`(select s.${sql.raw(c)}${sql.raw(c === "segment" ? "" : "::numeric")} from rfm_scores s where s.workspace_id = ${customers.workspaceId} and s.customer_id = ${customers.id})`,
    ]),
  ),
};

/** The typed SQL value of any attribute of a customer row. */
export function attributeSql(attr: { key: string; type: AttributeType; column: string | null }, now?: Date): SQL {
  // Rules count days up to their own "now" (a parameter), so a count and its evaluation agree.
  if (now && attr.column === "days_since_last_purchase")
    return sql`floor(extract(epoch from (${now.toISOString()}::timestamptz - ${customers.lastPurchaseAt})) / 86400)::numeric`;
  if (attr.column) {
    const expr = builtinSql[attr.column];
    if (!expr) throw new Error(`Unknown built-in attribute column ${attr.column}`);
    return expr;
  }
  const text = sql`(${customers.traits} ->> ${attr.key}::text)`;
  switch (attr.type) {
    case "number":
      return sql`${text}::numeric`;
    case "boolean":
      return sql`${text}::boolean`;
    case "date":
      // A date alone ("2024-05-31") is midnight UTC, whatever the session's time zone.
      return sql`(case when length(${text}) = 10 then ${text} || 'T00:00:00Z' else ${text} end)::timestamptz`;
    case "list":
      return sql`(${customers.traits} -> ${attr.key}::text)`;
    default:
      return text;
  }
}
