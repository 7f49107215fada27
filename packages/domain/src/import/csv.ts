import { createReadStream } from "node:fs";
import { pipeline, Transform } from "node:stream";
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
  /** Aborting stops the read: the import fails (and its transaction rolls back) instead of hanging. */
  signal?: AbortSignal;
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
  const parser = parse({ delimiter: opts.delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true });
  // pipeline, not pipe: an error of the file or the decoder destroys the parser with it, so the loop below throws.
  pipeline(createReadStream(path, { highWaterMark: 1 << 20, signal: opts.signal }), counter, parser, (err) => {
    if (err) parser.destroy(err);
  });
  let index = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    index++;
    if (opts.hasHeader && index === 1) continue;
    yield { rowNumber: index, cells };
  }
}
