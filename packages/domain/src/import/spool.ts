import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { createInterface } from "node:readline";
import { copyLine, copyText, type CopyValue, type Db } from "@facet/db";

/**
 * Rows checked while a file is read, kept on disk in COPY's text format until the import's transaction loads
 * them. Reading a file (long, or stuck on a bad one) then holds no transaction: on PGlite, whose one
 * connection a transaction takes whole, other workspaces' work goes on meanwhile.
 */
export class StagedRows {
  private readonly out;
  private failed: Error | null = null;
  count = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    this.out.on("error", (err) => (this.failed = err));
  }

  async add(row: CopyValue[]) {
    if (this.failed) throw this.failed;
    this.count += 1;
    if (!this.out.write(copyLine(row))) await once(this.out, "drain");
  }

  /** Loads the rows into a table, a batch at a time (COPY), after the file has been read to the end. */
  async load(tx: Db, table: string, columns: string[], batchRows = 5000) {
    if (!this.out.writableFinished) {
      this.out.end();
      await once(this.out, "finish");
    }
    if (this.failed) throw this.failed;
    let text = "";
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(this.path), crlfDelay: Infinity })) {
      text += `${line}\n`;
      if (++n === batchRows) {
        await copyText(tx, table, columns, text);
        text = "";
        n = 0;
      }
    }
    await copyText(tx, table, columns, text);
  }

  async discard() {
    this.out.destroy();
    await rm(this.path, { force: true });
  }
}

/** What reading a file leaves for the import's transaction: apply it (or its dry run), then discard it. */
export interface ReadImport<R> {
  apply(tx: Db): Promise<R>;
  discard(): Promise<void>;
}
