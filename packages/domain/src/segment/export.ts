import { and, asc, eq, gt } from "drizzle-orm";
import { customers, segmentMembers, segments } from "@facet/db";
import { listAttributes } from "../attribute";
import { customerValues } from "../customer/values";
import { notFound } from "../errors";
import { csvLine } from "../import/write-csv";
import type { WorkspaceScope } from "../scope";

/**
 * A segment's members (as of its last refresh) as CSV with every attribute, streamed a keyset page
 * at a time; cells escaped against formula injection.
 */
export async function* exportSegmentMembersCsv(scope: WorkspaceScope, segmentId: string): AsyncGenerator<string> {
  const [seg] = await scope.db
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), eq(segments.id, segmentId)));
  if (!seg) throw notFound("segment");
  const attrs = (await listAttributes(scope)).sort((a, b) => (a.column ? 0 : 1) - (b.column ? 0 : 1));
  yield csvLine(["id", ...attrs.map((a) => a.key)]);
  let after = "";
  for (;;) {
    const rows = await scope.db
      .select({ c: customers })
      .from(segmentMembers)
      .innerJoin(customers, and(eq(customers.workspaceId, segmentMembers.workspaceId), eq(customers.id, segmentMembers.customerId)))
      .where(
        and(
          eq(segmentMembers.workspaceId, scope.workspaceId),
          eq(segmentMembers.segmentId, segmentId),
          gt(segmentMembers.customerId, after),
        ),
      )
      .orderBy(asc(segmentMembers.customerId))
      .limit(1000);
    if (rows.length === 0) return;
    let chunk = "";
    for (const { c } of rows) {
      const values = customerValues(c);
      chunk += csvLine([c.id, ...attrs.map((a) => values[a.key])]);
    }
    yield chunk;
    after = rows[rows.length - 1]!.c.id;
  }
}
