import {
  attributeOperators,
  dayOperators,
  listOperators,
  operatorLabels,
  valuelessOperators,
  type AttributeRule,
  type AttributeType,
} from "@facet/validators";
import { parseRuleDate } from "@facet/validators";
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
  | { kind: "time"; value: RuleTime }
  | { kind: "list"; values: string[] }
  | { kind: "range"; from: number; to: number }
  | { kind: "timeRange"; from: RuleTime; to: RuleTime }
  | { kind: "days"; days: number };

/**
 * A date or time in a rule: `start` as an ISO instant; a date alone (`wholeDay`) stands for the
 * whole day in UTC, from its midnight to the next.
 */
export interface RuleTime {
  start: string;
  wholeDay: boolean;
}

/** A date (a whole day) or a time, read once for the compiler and the evaluator. */
export function ruleTime(text: string): RuleTime | null {
  const span = parseRuleDate(text);
  return span && { start: new Date(span.start).toISOString(), wholeDay: span.wholeDay };
}

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
  if (attr.type === "date") {
    const time = (raw: unknown) => {
      const t = typeof raw === "string" ? ruleTime(raw) : null;
      if (!t) throw invalid(`${what}: enter a date like 2024-05-31.`, "definition");
      return t;
    };
    if (rule.operator === "between") {
      const v = rule.value;
      if (!Array.isArray(v) || v.length !== 2) throw invalid(`${what}: enter both ends of the range.`, "definition");
      const [from, to] = [time(v[0]), time(v[1])];
      if (from.start > to.start) throw invalid(`${what}: the range starts after it ends.`, "definition");
      return { kind: "timeRange", from, to };
    }
    if (Array.isArray(rule.value)) throw invalid(`${what}: enter one value.`, "definition");
    return { kind: "time", value: time(rule.value) };
  }
  const valueType: AttributeType = attr.type === "number" ? "number" : "string";
  if (rule.operator === "between") {
    const v = rule.value;
    if (!Array.isArray(v) || v.length !== 2) throw invalid(`${what}: enter both ends of the range.`, "definition");
    const [from, to] = [Number(one(v[0], "number")), Number(one(v[1], "number"))];
    if (from > to) throw invalid(`${what}: the range starts after it ends.`, "definition");
    return { kind: "range", from, to };
  }
  if (Array.isArray(rule.value)) throw invalid(`${what}: enter one value.`, "definition");
  const value = one(rule.value, valueType);
  return typeof value === "number" ? { kind: "number", value } : { kind: "text", value: String(value) };
}
