import { importJob } from "@facet/domain";
import { csvDownload, handle, jsonError, sessionScope } from "~/server/http";

/** The rejected rows of an import or dry run as CSV: row number, column, reason. */
export function GET(_req: Request, { params }: { params: Promise<{ workspaceId: string; jobId: string }> }) {
  return handle(async () => {
    const { workspaceId, jobId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    return csvDownload(importJob.rejectionsCsv(scope, jobId), `rejected-rows-${jobId}.csv`);
  });
}
