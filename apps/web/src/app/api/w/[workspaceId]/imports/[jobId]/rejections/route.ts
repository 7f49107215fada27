import { importJob } from "@facet/domain";
import { handle, jsonError, sessionScope } from "~/server/http";

/** The rejected rows of an import or dry run as CSV: row number, column, reason. */
export function GET(_req: Request, { params }: { params: Promise<{ workspaceId: string; jobId: string }> }) {
  return handle(async () => {
    const { workspaceId, jobId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    let body = importJob.csvLine(["row", "column", "reason"]);
    for (let cursor: string | null = null; ; ) {
      const page = await importJob.listRejections(scope, jobId, { cursor, limit: 1000 });
      for (const r of page.items) body += importJob.csvLine([r.rowNumber, r.column, r.reason]);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="rejected-rows-${jobId}.csv"`,
      },
    });
  });
}
