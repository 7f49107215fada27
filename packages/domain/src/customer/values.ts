import type { Traits } from "@facet/db";
import { reservedAttributeKeys } from "@facet/validators";
import { coerceValue, type AttributeValue } from "../attribute/values";
import type { Attribute } from "../attribute";

export interface CustomerRow {
  id: string;
  email: string | null;
  name: string | null;
  externalId: string | null;
  traits: Traits;
  createdAt: Date;
  lastSeenAt: Date | null;
  orderCount: number;
  totalSpend: string;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
}

const dayMs = 86_400_000;

/**
 * A stored JSON value without keys that JavaScript objects reserve (`constructor`, `prototype`, `__proto__`),
 * at any depth. New data can't carry them (ingest and forms refuse them); this keeps what was stored before
 * from breaking the pages and exports that read it.
 */
export function withoutReservedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutReservedKeys) as T;
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (!reservedAttributeKeys.has(key)) out[key] = withoutReservedKeys(v);
  return out as T;
}

/** Every attribute value of a customer by key, built-in ones included; absent keys have no value. */
export function customerValues(row: CustomerRow, now = new Date()): Record<string, AttributeValue | Date | null> {
  const total = Number(row.totalSpend);
  return {
    ...withoutReservedKeys(row.traits),
    email: row.email,
    name: row.name,
    external_id: row.externalId,
    created_at: row.createdAt,
    last_seen_at: row.lastSeenAt,
    order_count: row.orderCount,
    total_spend: total,
    avg_order_value: row.orderCount > 0 ? Math.round((total / row.orderCount) * 100) / 100 : null,
    first_purchase_at: row.firstPurchaseAt,
    last_purchase_at: row.lastPurchaseAt,
    days_since_last_purchase: row.lastPurchaseAt ? Math.floor((now.getTime() - row.lastPurchaseAt.getTime()) / dayMs) : null,
  };
}

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * Checks attribute values against their definitions. Unknown keys, archived or computed attributes
 * and values of the wrong type are problems; nothing is written unless there are none.
 */
export function validateTraits(
  defs: Pick<Attribute, "key" | "type" | "enumValues" | "computed" | "column" | "archivedAt" | "label">[],
  raw: Record<string, unknown>,
): { set: Traits; unset: string[]; problems: FieldProblem[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const set: Traits = {};
  const unset: string[] = [];
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const def = byKey.get(key);
    if (!def) problems.push({ field: key, reason: `There is no attribute "${key}". Create it first.` });
    else if (def.column) problems.push({ field: key, reason: `${def.label} is not set through attributes.` });
    else if (def.computed) problems.push({ field: key, reason: `${def.label} is computed by Facet.` });
    else if (def.archivedAt) problems.push({ field: key, reason: `${def.label} is archived.` });
    else {
      const result = coerceValue(def, value);
      if (!result.ok) problems.push({ field: key, reason: `${def.label}: ${result.reason}` });
      else if (result.value === null) unset.push(key);
      else set[key] = result.value;
    }
  }
  return { set, unset, problems };
}
