import { parse } from "csv-parse/sync";
import type { ImportFileInfo } from "@facet/db";
import { invalid } from "../errors";
import { decodeWindows1252 } from "./text";

const candidates = [",", ";", "\t", "|"];

/** Files people upload by mistake, by their first bytes ("magic numbers"). */
const signatures: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (an Excel .xlsx file is one: save it as CSV first)" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive (unpack it first)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel or Word file (save it as CSV first)" },
];

/** What a file is when it isn't text: a known kind by its first bytes, or any file with NUL bytes early on. */
export function binaryKind(head: Uint8Array): string | null {
  const known = signatures.find((s) => s.bytes.every((b, i) => head[i] === b));
  if (known) return known.what;
  return head.subarray(0, 8192).includes(0) ? "a binary file" : null;
}

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
  const binary = binaryKind(sample);
  if (binary) throw invalid(`This is ${binary}, not a CSV file. Export the data as CSV and upload that.`, "file");
  const bom = hasBom(sample);
  const encoding = detectEncoding(sample);
  const body = bom ? sample.subarray(3) : sample;
  const text = encoding === "utf-8" ? new TextDecoder().decode(body) : decodeWindows1252(body);
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
  // A row with a NUL byte past the binary check is rejected by the import; the sample (stored as JSON) leaves it out.
  const textRows = rest.filter((r) => !r.some((cell) => cell.includes("\u0000"))).slice(0, sampleRows);
  return { delimiter: best.delimiter, encoding, bom, header: header.map((h) => h.trim().replaceAll("\u0000", "")), sample: textRows };
}
