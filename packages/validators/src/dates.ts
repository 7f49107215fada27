// The one reading of dates and times in Facet: forms, imports, ingest, rules and the browser use it.
// A date alone (2024-05-31) is a whole day in UTC: it starts at midnight UTC, whatever the time zone
// of the server or the browser.

export const dayMs = 86_400_000;

/** Years PostgreSQL and ISO strings both hold: 1 to 9999. */
const inYearRange = (d: Date) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999;

/** A date without a time: 2024-05-31. */
export const isDateAlone = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/**
 * 2012-09-04, 2012-09-04T10:00:00Z, "2010-12-01 08:26:00" (read as UTC). Returns a normalised ISO
 * string (a date alone stays a date alone), or null for anything else, impossible dates (2024-02-30)
 * and years outside 1 to 9999 included.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  if (isDateAlone(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    return inYearRange(d) && d.toISOString().slice(0, 10) === s ? s : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) return null;
  const iso = s.replace(" ", "T");
  const d = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`);
  return inYearRange(d) ? d.toISOString() : null;
}

/** The instant (ms since 1970) of a stored date or time: a date alone is its midnight UTC. */
export function instantOf(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value !== "string") return null;
  const t = new Date(isDateAlone(value) ? `${value}T00:00:00Z` : value).getTime();
  return Number.isNaN(t) ? null : t;
}

/**
 * A date or time written in a rule, as the span it stands for: a date alone is the whole day
 * [midnight, next midnight), a time is one instant. Null when it is no valid date.
 */
export function parseRuleDate(text: string): { start: number; end: number; wholeDay: boolean } | null {
  const normalised = parseDate(text);
  if (normalised === null) return null;
  const start = instantOf(normalised)!;
  const wholeDay = isDateAlone(normalised);
  return { start, end: wholeDay ? start + dayMs : start, wholeDay };
}
