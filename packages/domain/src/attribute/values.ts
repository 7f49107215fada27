import { parseDate, type AttributeType } from "@facet/validators";

export { parseDate };

/** A stored attribute value: dates as ISO strings, lists as arrays of strings. */
export type AttributeValue = string | number | boolean | string[];

export interface ValueRule {
  type: AttributeType;
  enumValues?: readonly string[];
}

export type Coerced = { ok: true; value: AttributeValue | null } | { ok: false; reason: string };

const ok = (value: AttributeValue | null): Coerced => ({ ok: true, value });
const no = (reason: string): Coerced => ({ ok: false, reason });

const trueWords = new Set(["true", "yes", "y", "t", "1"]);
const falseWords = new Set(["false", "no", "n", "f", "0"]);
const maxText = 2000;

/**
 * Turns input (a CSV cell, or a JSON value from the API or a form) into the stored value of an
 * attribute, or says why it can't. Blank input means "no value" (null).
 */
export function coerceValue(rule: ValueRule, raw: unknown): Coerced {
  if (raw === null || raw === undefined) return ok(null);
  if (typeof raw === "string" && raw.trim() === "") return ok(null);
  switch (rule.type) {
    case "string": {
      if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return no("expected text");
      const s = String(raw).trim();
      return s.length > maxText ? no(`text longer than ${maxText} characters`) : ok(s);
    }
    case "number": {
      if (typeof raw === "number") return Number.isFinite(raw) ? ok(raw) : no("expected a finite number");
      if (typeof raw !== "string") return no("expected a number");
      const s = raw.trim();
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return no(`"${clip(s)}" is not a number`);
      const n = Number(s);
      return Number.isFinite(n) ? ok(n) : no(`"${clip(s)}" is out of range`);
    }
    case "boolean": {
      if (typeof raw === "boolean") return ok(raw);
      const s = String(raw).trim().toLowerCase();
      if (trueWords.has(s)) return ok(true);
      if (falseWords.has(s)) return ok(false);
      return no(`"${clip(String(raw))}" is not yes/no`);
    }
    case "date": {
      if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? no("invalid date") : ok(raw.toISOString());
      if (typeof raw !== "string") return no("expected a date like 2024-05-31");
      const d = parseDate(raw);
      return d ? ok(d) : no(`"${clip(raw)}" is not a date like 2024-05-31`);
    }
    case "enum": {
      if (typeof raw !== "string" && typeof raw !== "number") return no("expected one of the allowed values");
      const s = String(raw).trim();
      const allowed = rule.enumValues ?? [];
      const match = allowed.find((v) => v === s) ?? allowed.find((v) => v.toLowerCase() === s.toLowerCase());
      return match !== undefined
        ? ok(match)
        : no(`"${clip(s)}" is not one of: ${allowed.slice(0, 8).join(", ")}${allowed.length > 8 ? ", ..." : ""}`);
    }
    case "list": {
      const items = Array.isArray(raw) ? raw : typeof raw === "string" ? splitList(raw) : null;
      if (!items || items.some((i) => typeof i !== "string" && typeof i !== "number")) return no("expected a list of values");
      const values = [...new Set(items.map((i) => String(i).trim()).filter(Boolean))];
      return values.length > 200 ? no("more than 200 values") : ok(values);
    }
  }
}

/** "a|b|c", "a; b" or a JSON array. */
export function splitList(text: string): string[] {
  const s = text.trim();
  if (s.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: split below
    }
  }
  return s.split(/[|;,]/);
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
