import { instantOf, isDateAlone } from "@facet/validators";

/** How an attribute value reads in a table cell or a profile. */
export function formatValue(value: unknown, type?: string): string {
  if (value === null || value === undefined || value === "") return "—";
  if (value instanceof Date) return value.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
  if (type === "date" && typeof value === "string") {
    const t = instantOf(value);
    return t === null
      ? value
      : new Date(t).toLocaleDateString(undefined, {
          year: "numeric",
          month: "short",
          day: "numeric",
          // A date alone is that day wherever the reader is.
          timeZone: isDateAlone(value) ? "UTC" : undefined,
        });
  }
  if (typeof value === "boolean") return value ? "Yes" : "No";
  // Group thousands only from 10,000 up, so years and small counts read naturally (1954, not 1,954).
  if (typeof value === "number")
    return value.toLocaleString(undefined, { maximumFractionDigits: 2, useGrouping: Math.abs(value) >= 10_000 });
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString()} ${n === 1 ? word : many}`;

/** A share (0-1) as a percentage: "42%", or "4.2%" with one digit. */
export const percent = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`;

/** A figure for reading: one decimal below 100, whole numbers (grouped) above. */
export const figure = (x: number) => x.toLocaleString(undefined, { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : 1 });
