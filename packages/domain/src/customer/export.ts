import type { AttributeRule } from "@facet/validators";
import { listAttributes } from "../attribute";
import { csvLine } from "../import/write-csv";
import type { WorkspaceScope } from "../scope";
import { listCustomers } from "./index";

/**
 * Customers as CSV, one keyset page at a time, so any number of them streams in constant memory.
 * Cells are escaped against formula injection.
 */
export async function* exportCustomersCsv(scope: WorkspaceScope, q = "", filters: AttributeRule[] = []): AsyncGenerator<string> {
  const attrs = (await listAttributes(scope)).sort((a, b) => (a.column ? 0 : 1) - (b.column ? 0 : 1));
  yield csvLine(["id", ...attrs.map((a) => a.key)]);
  let cursor: string | null = null;
  do {
    const page = await listCustomers(scope, {
      workspaceId: scope.workspaceId,
      q,
      filters,
      cursor,
      limit: 1000,
      sort: { key: "created_at", dir: "asc" },
    });
    let chunk = "";
    for (const c of page.items) chunk += csvLine([c.id, ...attrs.map((a) => c.values[a.key])]);
    yield chunk;
    cursor = page.nextCursor;
  } while (cursor);
}
