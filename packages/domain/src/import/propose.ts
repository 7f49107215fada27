import type { EventImportColumnMapping, ImportColumnMapping } from "@facet/db";
import { isAttributeKey, toAttributeKey } from "@facet/validators";
import { guessDimension, inferType } from "../attribute/infer";

export interface KnownAttribute {
  key: string;
  label: string;
  computed: boolean;
  column: string | null;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
const emailHeaders = new Set(["email", "emailaddress", "mail"]);
const nameHeaders = new Set(["name", "fullname", "customername"]);
const orderHeaders = new Set(["orders", "ordercount", "numberoforders", "totalorders", "purchases", "purchasecount"]);
const spendHeaders = new Set(["lifetimevalue", "ltv", "clv", "totalspend", "totalspent", "totalrevenue"]);
const idHeaders = new Set(["id", "customerid", "userid", "externalid", "clientid", "memberid", "customerno", "customernumber"]);

/**
 * Proposes a mapping for each column: identity columns by their usual names, order count and lifetime
 * value by theirs (or the built-in attributes' labels), existing attributes
 * by key or label, and otherwise a new attribute with a type inferred from the sample values.
 */
export function proposeMapping(header: string[], sample: string[][], known: KnownAttribute[]): ImportColumnMapping[] {
  const taken = new Set<string>();
  const byName = new Map<string, KnownAttribute>();
  for (const a of known) {
    byName.set(norm(a.key), a);
    byName.set(norm(a.label), a);
  }
  return header.map((raw, index): ImportColumnMapping => {
    const n = norm(raw);
    const claim = (m: ImportColumnMapping, id: string): ImportColumnMapping => {
      if (taken.has(id)) return { target: "skip" };
      taken.add(id);
      return m;
    };
    if (emailHeaders.has(n)) return claim({ target: "email" }, "email");
    if (nameHeaders.has(n)) return claim({ target: "name" }, "name");
    if (idHeaders.has(n)) return claim({ target: "externalId" }, "externalId");
    const existing = byName.get(n);
    if (orderHeaders.has(n) || existing?.column === "order_count") return claim({ target: "orderCount" }, "orderCount");
    if (spendHeaders.has(n) || existing?.column === "total_spend") return claim({ target: "lifetimeValue" }, "lifetimeValue");
    if (existing && !existing.computed && !existing.column) return claim({ target: "attribute", key: existing.key }, existing.key);
    if (existing?.column === "email" || existing?.column === "name") return claim({ target: existing.column }, existing.column);

    const values = sample.map((row) => row[index] ?? "");
    const { type } = inferType(values);
    let key = toAttributeKey(raw || `column_${index + 1}`);
    while (taken.has(key) || byName.has(norm(key)) || !isAttributeKey(key)) key = `${key}_${index + 1}`.slice(0, 60);
    return claim({ target: "newAttribute", key, label: raw.trim() || `Column ${index + 1}`, type, dimension: guessDimension(key) }, key);
  });
}

const eventHeaders: [RegExp, EventImportColumnMapping["target"]][] = [
  [/^(email|emailaddress|customerid|userid|externalid|clientid|memberid|customerno|customernumber)$/, "customerKey"],
  [/^(invoiceno|invoice|invoiceid|invoicenumber|orderid|orderno|ordernumber|transactionid|messageid|eventid)$/, "eventId"],
  [/^(event|eventname|eventtype|action)$/, "eventName"],
  [/^(time|timestamp|date|datetime|invoicedate|orderdate|occurredat|createdat|eventtime)$/, "time"],
  [/^(quantity|qty|units)$/, "quantity"],
  [/^(unitprice|price|itemprice)$/, "unitPrice"],
  [/^(revenue|amount|total|ordertotal|value)$/, "revenue"],
];

/** Proposes where each column of an event file goes: the usual names for ids, time and money, the rest as event properties. */
export function proposeEventMapping(header: string[]): EventImportColumnMapping[] {
  const taken = new Set<string>();
  return header.map((raw, index): EventImportColumnMapping => {
    const n = norm(raw);
    const target = eventHeaders.find(([re]) => re.test(n))?.[1];
    if (target && !taken.has(target)) {
      taken.add(target);
      return { target } as EventImportColumnMapping;
    }
    let key = toAttributeKey(raw || `column_${index + 1}`);
    while (taken.has(`p:${key}`) || !isAttributeKey(key)) key = `${key}_${index + 1}`.slice(0, 60);
    taken.add(`p:${key}`);
    return { target: "property", key };
  });
}
