import { attributeOperators, operatorLabels, parseRuleDate, type AttributeRule, type AttributeType } from "@facet/validators";
import { coerceValue } from "../../attribute/values";
import { invalid } from "../../errors";

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
  const fits: readonly string[] = attributeOperators[attr.type];
  if (!fits.includes(rule.operator)) {
    throw invalid(`"${label}" doesn't apply to ${attr.label} (${attr.type === "enum" ? "one of a list" : attr.type}).`, "definition");
  }
  const numberOf = (raw: unknown): number => {
    const r = coerceValue({ type: "number" }, typeof raw === "number" ? String(raw) : raw);
    if (!r.ok) throw invalid(`${what}: ${r.reason}.`, "definition");
    if (typeof r.value !== "number") throw invalid(`${what}: enter a value.`, "definition");
    return r.value;
  };
  const timeOf = (raw: unknown): RuleTime => {
    const t = typeof raw === "string" ? ruleTime(raw) : null;
    if (!t) throw invalid(`${what}: enter a date like 2024-05-31.`, "definition");
    return t;
  };
  switch (rule.operator) {
    case "is_set":
    case "is_not_set":
    case "is_true":
    case "is_false":
      return { kind: "none" };
    case "within_last_days":
    case "not_within_last_days": {
      const days = numberOf(rule.value);
      if (!Number.isInteger(days) || days < 0 || days > 36_500) throw invalid(`${what}: enter a whole number of days.`, "definition");
      return { kind: "days", days };
    }
    case "in":
    case "not_in":
    case "includes_any":
    case "includes_all":
    case "excludes": {
      const values = (rule.value ?? []).map((x) => x.trim());
      if (values.length === 0 || values.includes("")) throw invalid(`${what}: choose at least one value.`, "definition");
      return { kind: "list", values };
    }
    case "between": {
      if (!rule.value) throw invalid(`${what}: enter both ends of the range.`, "definition");
      const [a, b] = rule.value;
      if (attr.type === "date") {
        const [from, to] = [timeOf(a), timeOf(b)];
        if (from.start > to.start) throw invalid(`${what}: the range starts after it ends.`, "definition");
        return { kind: "timeRange", from, to };
      }
      const [from, to] = [numberOf(a), numberOf(b)];
      if (from > to) throw invalid(`${what}: the range starts after it ends.`, "definition");
      return { kind: "range", from, to };
    }
    default: {
      if (attr.type === "date") return { kind: "time", value: timeOf(rule.value) };
      if (attr.type === "number") return { kind: "number", value: numberOf(rule.value) };
      const r = coerceValue({ type: "string" }, rule.value);
      if (!r.ok) throw invalid(`${what}: ${r.reason}.`, "definition");
      if (typeof r.value !== "string") throw invalid(`${what}: enter a value.`, "definition");
      return { kind: "text", value: r.value };
    }
  }
}
