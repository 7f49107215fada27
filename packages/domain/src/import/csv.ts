import { createReadStream } from "node:fs";
import { pipeline, Transform } from "node:stream";
import { parse } from "csv-parse";
import { invalid } from "../errors";
import type { Rejection } from "./jobs";
import { decodeWindows1252, lineBreaks, unreadableCell, utf8Chunks, type UnreadableCell } from "./text";

/** One record of the file: its cells, or why they aren't text (that row is rejected, the others go on). */
export type CsvRow =
  | {
      /** The row's number as a spreadsheet shows it (the header is row 1). */
      rowNumber: number;
      cells: string[];
      unreadable?: undefined;
    }
  | { rowNumber: number; cells?: undefined; unreadable: UnreadableCell };

export interface CsvReadOptions {
  delimiter: string;
  encoding: "utf-8" | "windows-1252";
  hasHeader: boolean;
  onBytes?: (bytesRead: number) => void;
  /** Aborting stops the read: the import fails (and its transaction rolls back) instead of hanging. */
  signal?: AbortSignal;
}

/**
 * Streams a CSV file as rows of strings: BOM stripped, CRLF or LF, quoted fields, any delimiter. The file is
 * decoded chunk by chunk before parsing, and a row holding a NUL byte or bytes that aren't UTF-8 (anywhere in
 * the file, not only where the upload looked) comes out as unreadable with its line, instead of reaching the
 * database (where COPY fails on a NUL) or being silently changed.
 */
export async function* readCsv(path: string, opts: CsvReadOptions): AsyncGenerator<CsvRow> {
  let bytes = 0;
  const utf8 = opts.encoding === "utf-8" ? utf8Chunks() : null;
  const decoder = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      done(null, utf8 ? utf8.push(chunk) : decodeWindows1252(chunk));
    },
    flush(done) {
      done(null, utf8?.end() || undefined);
    },
  });
  // Empty lines are skipped below rather than by the parser, so that every line is counted.
  const parser = parse({
    delimiter: opts.delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: maxRecordChars,
  });
  // pipeline, not pipe: an error of the file or the decoder destroys the parser with it, so the loop below throws.
  pipeline(createReadStream(path, { highWaterMark: 1 << 20, signal: opts.signal }), decoder, parser, (err) => {
    if (err) parser.destroy(err);
  });
  // Stopping ends the read even when the file never answers (a read that doesn't return can't be interrupted).
  const stop = () => parser.destroy(opts.signal!.reason instanceof Error ? opts.signal!.reason : new Error("The import was stopped."));
  if (opts.signal?.aborted) stop();
  opts.signal?.addEventListener("abort", stop, { once: true });
  let index = 0;
  let line = 1;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const firstLine = line;
      line += 1 + recordLineBreaks(cells);
      if (cells.length === 1 && cells[0] === "") continue;
      index++;
      if (opts.hasHeader && index === 1) continue;
      const unreadable = unreadableCell(cells, firstLine);
      yield unreadable ? { rowNumber: index, unreadable } : { rowNumber: index, cells };
    }
  } catch (err) {
    throw unreadableFile(err, line) ?? err;
  } finally {
    opts.signal?.removeEventListener("abort", stop);
  }
}

/** Longest record read: a quote opened by mistake (say in binary data) would otherwise gather the rest of the file. */
const maxRecordChars = 8 << 20;

/** The file can't be read on from `line` (where the unfinished record starts): what to tell the user. */
function unreadableFile(err: unknown, line: number) {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `Line ${line.toLocaleString("en-US")}`;
  if (code === "CSV_QUOTE_NOT_CLOSED")
    return invalid(
      `${where} opens a quoted cell that is never closed, so the file can't be read past it. Fix the quotes and upload it again.`,
      "file",
    );
  if (code === "CSV_MAX_RECORD_SIZE")
    return invalid(
      `The row starting on ${where.toLowerCase()} is longer than 8 MB, most likely a quote that is never closed or binary data. Fix the file and upload it again.`,
      "file",
    );
  return null;
}

/** Line breaks inside a record's quoted cells; a CR left at its very end belongs to its line end. */
function recordLineBreaks(cells: string[]) {
  let n = 0;
  for (const c of cells) if (c.includes("\n") || c.includes("\r")) n += lineBreaks(c);
  return n && cells[cells.length - 1]!.endsWith("\r") ? n - 1 : n;
}

/** The rejection of a row whose bytes aren't text, naming the column they are in. */
export const unreadableRow = (rowNumber: number, cell: UnreadableCell, header: string[]): Rejection => ({
  rowNumber,
  column: header[cell.columnIndex] || `Column ${cell.columnIndex + 1}`,
  reason: cell.reason,
});
