import { and, eq, sql } from "drizzle-orm";
import { attributes, queryRows } from "@facet/db";
import { retypeAttributeInput, type AttributeType } from "@facet/validators";
import { recordAudit } from "../audit";
import { attributeTouches } from "../live/touches";
import { refreshDependents } from "../segment/dependents";
import { invalid, notFound } from "../errors";
import { requireRole, type WorkspaceScope } from "../scope";
import { coerceValue, type AttributeValue } from "./values";

type RetypeInput = Parameters<typeof retypeAttributeInput.parse>[0];

interface Conversion {
  /** The stored value, as JSON text. */
  from: string;
  customers: number;
  to: AttributeValue | null;
  reason: string | null;
}

/** What a stored value becomes under the new type. Lists become text joined by ", ". */
function convert(
  type: AttributeType,
  enumValues: readonly string[],
  value: unknown,
): { ok: true; value: AttributeValue | null } | { ok: false; reason: string } {
  const raw = Array.isArray(value) && type !== "list" ? value.join(", ") : value;
  return coerceValue({ type, enumValues }, raw);
}

async function plan(scope: WorkspaceScope, raw: RetypeInput) {
  const input = retypeAttributeInput.parse(raw);
  const [attr] = await scope.db
    .select()
    .from(attributes)
    .where(and(eq(attributes.workspaceId, scope.workspaceId), eq(attributes.id, input.attributeId)));
  if (!attr) throw notFound("attribute");
  if (attr.column || attr.computed) throw invalid(`${attr.label} is built in; its type can't change.`, "type");
  if (attr.type === input.type) throw invalid(`${attr.label} is already of this type.`, "type");
  // One row per distinct stored value: far fewer than customers for anything worth retyping.
  const values = await queryRows<{ value: unknown; customers: number }>(
    scope.db,
    sql`select traits -> ${attr.key} as value, count(*)::int as customers from customers
        where workspace_id = ${scope.workspaceId} and traits ? ${attr.key} group by 1 order by 2 desc`,
  );
  const parsed = values as { value: unknown; customers: number }[];
  let enumValues = input.enumValues ?? [];
  if (input.type === "enum" && enumValues.length === 0) {
    // Without a list, the values customers have become the allowed ones.
    enumValues = [...new Set(parsed.map((v) => (Array.isArray(v.value) ? v.value.join(", ") : String(v.value)).trim()).filter(Boolean))]
      .sort((a, b) => a.localeCompare(b))
      .slice(0, 500);
    if (enumValues.length === 0) throw invalid("List the allowed values: no customer has one yet.", "enumValues");
  }
  const conversions: Conversion[] = parsed.map((v) => {
    const c = convert(input.type, enumValues, v.value);
    return { from: JSON.stringify(v.value), customers: v.customers, to: c.ok ? c.value : null, reason: c.ok ? null : c.reason };
  });
  return { attr, type: input.type, enumValues, conversions };
}

/** What retyping would do: how many customers' values convert, and the values that won't (those are cleared). */
export async function previewRetype(scope: WorkspaceScope, raw: RetypeInput) {
  requireRole(scope, "admin");
  const { conversions, enumValues } = await plan(scope, raw);
  const failing = conversions.filter((c) => c.reason !== null);
  return {
    customersWithValue: conversions.reduce((n, c) => n + c.customers, 0),
    converting: conversions.filter((c) => c.reason === null).reduce((n, c) => n + c.customers, 0),
    clearing: failing.reduce((n, c) => n + c.customers, 0),
    enumValues,
    examples: failing.slice(0, 20).map((c) => ({ value: c.from, customers: c.customers, reason: c.reason! })),
  };
}

/** Changes an attribute's type: values convert, values that can't are cleared; one transaction, audited. */
export async function retypeAttribute(scope: WorkspaceScope, raw: RetypeInput) {
  requireRole(scope, "admin");
  const { attr, type, enumValues, conversions } = await plan(scope, raw);
  const mapping = conversions.map((c) => ({ from: JSON.parse(c.from) as unknown, to: c.to }));
  const retyped = await scope.db.transaction(async (tx) => {
    await tx.execute(sql`
      update customers c set
        traits = case when m.to is null or m.to = 'null'::jsonb then c.traits - ${attr.key} else jsonb_set(c.traits, array[${attr.key}], m.to) end,
        updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(mapping)}::jsonb) as m("from" jsonb, "to" jsonb)
      where c.workspace_id = ${scope.workspaceId} and c.traits -> ${attr.key} = m."from"`);
    const [row] = await tx
      .update(attributes)
      .set({ type, enumValues: type === "enum" ? enumValues : [] })
      .where(and(eq(attributes.workspaceId, scope.workspaceId), eq(attributes.id, attr.id)))
      .returning();
    const cleared = conversions.filter((c) => c.reason !== null).reduce((n, c) => n + c.customers, 0);
    await recordAudit(tx, scope, {
      action: "attribute.retyped",
      targetType: "attribute",
      targetId: attr.id,
      data: { key: attr.key, from: attr.type, to: type, cleared },
    });
    return { id: row!.id, type, cleared };
  });
  // Rules on the attribute now read other values, and compare them as the new type: their segments are refreshed.
  await refreshDependents(scope.db, scope.jobs, scope.workspaceId, attributeTouches([attr.key]), "retyped");
  return retyped;
}
