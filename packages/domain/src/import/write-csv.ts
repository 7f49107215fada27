/**
 * One CSV cell. Values starting with = + - @, tab or CR are prefixed with ' so spreadsheets
 * don't run them as formulas (CSV injection); quotes, delimiters and newlines are quoted.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join("|") : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !(typeof value === "number")) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(",")}\r\n`;
