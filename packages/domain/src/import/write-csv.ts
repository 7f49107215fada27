/**
 * What a spreadsheet may read as the start of a formula or a DDE call: = + - @ | tab and CR, and the
 * full-width ＝ ＋ － ＠ that some spreadsheets (Excel with East Asian input) treat as their ASCII twins.
 */
const formulaStart = /^[=+\-@|\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV cell. Values starting like a formula are prefixed with ' so spreadsheets don't run them
 * (CSV injection); quotes, delimiters and newlines are quoted.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join("|") : String(value);
  if (formulaStart.test(s) && !(typeof value === "number")) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(",")}\r\n`;
