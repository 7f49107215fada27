import {
  attributeOperators,
  dayOperators,
  listOperators,
  operatorLabels,
  valuelessOperators,
  type AttributeRule,
  type AttributeType,
} from "@facet/validators";
import { coerceValue } from "../attribute/values";
import { invalid } from "../errors";

export interface RuleAttribute {
  key: string;
  label: string;
  type: AttributeType;
  column: string | null;
  enumValues: readonly string[];
}

/** An attribute rule checked against its attribute, with its value in one typed shape. */
export type Operand =
  | { kind: "none" }
  | { kind: "text"; value: string }
  | { kind: "number"; value: number }
  | { kind: "time"; value: string }
  | { kind: "list"; values: string[] }
  | { kind: "range"; from: number | string; to: number | string }
  | { kind: "days"; days: number };

/** A date or time as an ISO instant; a date alone is midnight UTC. */
export const toInstant = (value: string) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString();

/**
 * Checks that the operator fits the attribute's type and the value fits the operator, and returns
 * the value typed. The SQL compiler and the in-memory evaluator both start here, so they accept and
 * reject the same rules.
 */
export function operandOf(attr: RuleAttribute, rule: AttributeRule): Operand {
  const label = operatorLabels[rule.operator] ?? rule.operator;
  const what = `${attr.label} ${label}`;
  if (!(attributeOperators[attr.type] as readonly string[]).includes(rule.operator)) {
    throw invalid(`"${label}" doesn't apply to ${attr.label} (${attr.type === "enum" ? "one of a list" : attr.type}).`, "definition");
  }
  if (valuelessOperators.has(rule.operator)) return { kind: "none" };
  const one = (raw: unknown, type: AttributeType) => {
    const r = coerceValue({ type }, typeof raw === "number" ? String(raw) : raw);
    if (!r.ok || r.value === null) throw invalid(`${what}: ${r.ok ? "enter a value" : r.reason}.`, "definition");
    return r.value as string | number;
  };
  if (dayOperators.has(rule.operator)) {
    const days = one(rule.value, "number") as number;
    if (!Number.isInteger(days) || days < 0 || days > 36_500) throw invalid(`${what}: enter a whole number of days.`, "definition");
    return { kind: "days", days };
  }
  if (listOperators.has(rule.operator)) {
    const v = rule.value;
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string" || x.trim() === ""))
      throw invalid(`${what}: choose at least one value.`, "definition");
    return { kind: "list", values: (v as string[]).map((x) => x.trim()) };
  }
  const valueType: AttributeType = attr.type === "number" ? "number" : attr.type === "date" ? "date" : "string";
  const typed = (raw: unknown) => {
    const x = one(raw, valueType);
    return valueType === "date" ? toInstant(String(x)) : x;
  };
  if (rule.operator === "between") {
    const v = rule.value;
    if (!Array.isArray(v) || v.length !== 2) throw invalid(`${what}: enter both ends of the range.`, "definition");
    const [from, to] = [typed(v[0]), typed(v[1])];
    if (from > to) throw invalid(`${what}: the range starts after it ends.`, "definition");
    return { kind: "range", from, to };
  }
  if (Array.isArray(rule.value)) throw invalid(`${what}: enter one value.`, "definition");
  const value = typed(rule.value);
  return valueType === "number"
    ? { kind: "number", value: value as number }
    : valueType === "date"
      ? { kind: "time", value: value as string }
      : { kind: "text", value: value as string };
}
