import type { AttributeType, Dimension } from "@facet/validators";
import { coerceValue } from "./values";

/** The most specific type every non-blank sample fits. Few distinct repeated values make an enum. */
export function inferType(samples: readonly string[]): { type: AttributeType; enumValues: string[] } {
  const values = samples.map((s) => s.trim()).filter((s) => s !== "");
  if (values.length === 0) return { type: "string", enumValues: [] };
  const fits = (type: AttributeType) => values.every((v) => coerceValue({ type }, v).ok);
  const distinct = [...new Set(values)];
  const wordy = values.some((v) => /[a-z]/i.test(v));
  if (wordy && fits("boolean")) return { type: "boolean", enumValues: [] };
  if (fits("number")) return { type: "number", enumValues: [] };
  if (fits("date")) return { type: "date", enumValues: [] };
  if (distinct.length <= 20 && values.length >= 10 && distinct.length * 3 <= values.length) {
    return { type: "enum", enumValues: distinct.sort((a, b) => a.localeCompare(b)) };
  }
  return { type: "string", enumValues: [] };
}

const dimensionWords: [Dimension, RegExp][] = [
  ["geographic", /country|region|city|state|province|zip|postal|postcode|address|location|latitude|longitude|timezone|\bgeo/],
  ["technographic", /device|browser|\bos\b|platform|app_version|software|mobile|desktop|web_visits|visits|channel_pref|tech/],
  ["needs", /need|pain|goal|problem|challenge|jobs_to_be_done|complain/],
  ["value", /spend|spent|revenue|amount|mnt|ltv|lifetime|clv|monetary|price|order_value|purchase_value|budget|score/],
  ["psychographic", /lifestyle|(^|_)values($|_)|interest|hobby|personality|attitude|opinion|motivation|belief|persona/],
  [
    "behavioral",
    /purchase|order|recency|frequency|visit|login|session|usage|used|accepted|response|responded|cmp|campaign|churn|loyal|last_|first_|num_|count|days_since|dt_/,
  ],
  ["demographic", /age|birth|gender|sex|education|marital|married|occupation|job|kid|teen|child|family|household|income|name/],
];

/** A first guess at the dimension of a column, from its name. The user can change it. */
export function guessDimension(key: string): Dimension {
  const k = key.toLowerCase();
  for (const [dimension, pattern] of dimensionWords) if (pattern.test(k)) return dimension;
  return "demographic";
}
