import { parse } from "csv-parse/sync";
import type { ImportFileInfo } from "@facet/db";

const candidates = [",", ";", "\t", "|"];

/** UTF-8 unless the bytes aren't valid UTF-8, in which case Windows-1252 (what Excel writes). */
export function detectEncoding(bytes: Uint8Array): "utf-8" | "windows-1252" {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(trimPartialUtf8(bytes));
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/** A sample cut mid-file may end inside a multi-byte character; drop that tail before checking. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b >= 0xc0) end -= i; // a lead byte whose sequence may be incomplete
    break;
  }
  return bytes.subarray(0, end);
}

const hasBom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** Parses complete lines of the sample with a delimiter; null when they don't parse. */
function tryParse(text: string, delimiter: string): string[][] | null {
  const lastNewline = text.lastIndexOf("\n");
  const complete = lastNewline > 0 ? text.slice(0, lastNewline + 1) : text;
  try {
    const rows: string[][] = parse(complete, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true });
    return rows;
  } catch {
    return null;
  }
}

/**
 * Reads the start of a file (say 64 KB) and works out its encoding, BOM and delimiter: the delimiter
 * that gives the most columns, the same number on every line.
 */
export function detectFormat(sample: Uint8Array, sampleRows = 50): ImportFileInfo {
  const bom = hasBom(sample);
  const encoding = detectEncoding(sample);
  const text = new TextDecoder(encoding).decode(bom ? sample.subarray(3) : sample);
  let best: { delimiter: string; rows: string[][]; score: number } | null = null;
  for (const delimiter of candidates) {
    const rows = tryParse(text, delimiter);
    if (!rows || rows.length === 0) continue;
    const width = rows[0]!.length;
    const consistent = rows.filter((r) => r.length === width).length / rows.length;
    const score = width > 1 ? width * consistent : 0;
    if (!best || score > best.score) best = { delimiter, rows, score };
  }
  if (!best || best.score === 0) {
    const rows = tryParse(text, ",") ?? [[text.split(/\r?\n/)[0] ?? ""]];
    best = { delimiter: ",", rows, score: 0 };
  }
  const [header = [], ...rest] = best.rows;
  return { delimiter: best.delimiter, encoding, bom, header: header.map((h) => h.trim()), sample: rest.slice(0, sampleRows) };
}
