import { attributeOperators, operatorShapes, type AttributeOperator } from "./condition";
import type { AttributeType } from "./attribute";

// What each operator means at its edges, for the published definition format (/docs/segment-definitions).
// The operators, their types and value shapes come from the schema itself; this adds the words.

export const operatorBoundaries: Record<AttributeOperator, string> = {
  eq: "Text: the same text, ignoring case. Numbers: equal.",
  neq: "Text: different text, ignoring case. Numbers: not equal.",
  in: "Text ignores case; one of a list matches exact values.",
  not_in: "Text ignores case; one of a list matches exact values.",
  contains: "Ignores case.",
  not_contains: "Ignores case.",
  starts_with: "Ignores case.",
  ends_with: "Ignores case.",
  gt: "Strictly greater.",
  gte: "Greater or equal.",
  lt: "Strictly less.",
  lte: "Less or equal.",
  between:
    "Both ends included. Dates are whole days in UTC: between 2026-03-01 and 2026-03-10 includes noon on the 10th; a time as an end is that instant.",
  before: "Before the date's midnight (UTC), or before the time.",
  after: "From the next midnight after the date (after the whole day), or after the time.",
  within_last_days: "From now minus n days up to now: a date ahead of now is not in it.",
  not_within_last_days: "The opposite of within_last_days for customers with a value (a date ahead of now is 'not in the last n days').",
  is_true: "The value is yes.",
  is_false: "The value is no.",
  includes_any: "The list holds at least one of the values (exact).",
  includes_all: "The list holds every value (exact).",
  excludes: "The list holds none of the values (exact); an empty list is no value.",
  is_set: "The customer has a value (a list: a non-empty one).",
  is_not_set: "The customer has no value: the one operator that matches customers without a value.",
};

const exampleValues: Record<AttributeType, Partial<Record<keyof typeof operatorShapes, unknown>>> = {
  string: { one: "london", list: ["London", "Paris"] },
  number: { one: 30, range: [25, 40] },
  date: { one: "2026-03-10", range: ["2026-03-01", "2026-03-10"], days: 30 },
  boolean: {},
  enum: { list: ["Pro", "Team"] },
  list: { list: ["ios", "web"] },
};

/** The shape of an operator's value, by name. */
export const shapeOf = (operator: AttributeOperator) =>
  (Object.keys(operatorShapes) as (keyof typeof operatorShapes)[]).find((shape) =>
    (operatorShapes[shape] as readonly AttributeOperator[]).includes(operator),
  ) ?? "one";

/** One example rule per operator and type, as JSON clients send it. */
export function operatorExample(type: AttributeType, operator: AttributeOperator) {
  const value = exampleValues[type][shapeOf(operator)];
  return { type: "attribute", attribute: `my_${type}`, operator, ...(value === undefined ? {} : { value }) };
}

/** Every (type, operator) pair the format allows. */
export const operatorsByType = Object.entries(attributeOperators) as [AttributeType, readonly AttributeOperator[]][];
