import type { WorkspaceScope } from "../scope";
import { listRejections } from "./jobs";
import { csvLine } from "./write-csv";

/** The rejected rows of an import or dry run as CSV (row, column, reason), a page at a time. */
export async function* rejectionsCsv(scope: WorkspaceScope, jobId: string): AsyncGenerator<string> {
  let cursor: string | null = null;
  let first = true;
  do {
    const page = await listRejections(scope, jobId, { cursor, limit: 1000 });
    let chunk = first ? csvLine(["row", "column", "reason"]) : "";
    first = false;
    for (const r of page.items) chunk += csvLine([r.rowNumber, r.column, r.reason]);
    yield chunk;
    cursor = page.nextCursor;
  } while (cursor);
}
