/**
 * What log lines may carry: no email addresses, no query parameters, no megabyte-long strings. Errors from
 * the database quote their SQL and parameters (customer emails and names), and a failing request can carry
 * whatever a client sent, so every value is scrubbed on its way into a log line.
 */
export const logLimits = { string: 1_000, stackLines: 12, depth: 4, keys: 40, items: 20 } as const;

const emailPattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** Cuts a string to the limit, saying how much was left out. */
function cap(s: string, limit: number = logLimits.string): string {
  return s.length <= limit ? s : `${s.slice(0, limit)}… (${s.length - limit} more characters)`;
}

export function scrubText(s: string, limit?: number): string {
  // Drizzle's "Failed query: … params: …" names the values bound to the query: keep the SQL, drop them.
  const at = s.indexOf("\nparams: ");
  const withoutParams = at === -1 ? s : `${s.slice(0, at)}\nparams: [left out]`;
  // Cut first: the email pattern is quadratic on a long run of word characters.
  return cap(withoutParams, limit).replace(emailPattern, "[email]");
}

function scrubError(error: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: scrubText(error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (error.stack) out.stack = scrubText(error.stack.split("\n").slice(0, logLimits.stackLines).join("\n"), 4_000);
  if (error.cause !== undefined && depth < logLimits.depth) out.cause = scrub(error.cause, depth + 1);
  return out;
}

/** A copy of `value` fit for a log line (see logLimits). */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return scrubError(value, depth);
  if (value instanceof Date) return value.toISOString();
  if (depth >= logLimits.depth) return "[nested too deep]";
  if (Array.isArray(value)) {
    const items = value.slice(0, logLimits.items).map((v) => scrub(v, depth + 1));
    return value.length > logLimits.items ? [...items, `… ${value.length - logLimits.items} more`] : items;
  }
  const entries = Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries.slice(0, logLimits.keys)) {
    // Bound parameters of a failed query are customer data whatever their shape.
    out[key] = key === "params" ? "[left out]" : scrub(v, depth + 1);
  }
  if (entries.length > logLimits.keys) out["…"] = `${entries.length - logLimits.keys} more keys`;
  return out;
}
