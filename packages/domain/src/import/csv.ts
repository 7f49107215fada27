import { createReadStream } from "node:fs";
import { Transform } from "node:stream";
import { parse } from "csv-parse";

export interface CsvRow {
  /** The row's number as a spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  cells: string[];
}

export interface CsvReadOptions {
  delimiter: string;
  encoding: "utf-8" | "windows-1252";
  hasHeader: boolean;
  onBytes?: (bytesRead: number) => void;
}

/** Streams a CSV file as rows of strings: BOM stripped, CRLF or LF, quoted fields, any delimiter. */
export async function* readCsv(path: string, opts: CsvReadOptions): AsyncGenerator<CsvRow> {
  let bytes = 0;
  // Windows-1252 is one byte per character, so chunks decode independently.
  const decoder = opts.encoding === "utf-8" ? null : new TextDecoder("windows-1252");
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      done(null, decoder ? decoder.decode(chunk) : chunk);
    },
  });
  const parser = createReadStream(path, { highWaterMark: 1 << 20 })
    .pipe(counter)
    .pipe(parse({ delimiter: opts.delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }));
  let index = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    index++;
    if (opts.hasHeader && index === 1) continue;
    yield { rowNumber: index, cells };
  }
}
