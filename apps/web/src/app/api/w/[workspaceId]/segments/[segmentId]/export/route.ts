import { segment } from "@facet/domain";
import { csvDownload, handle, jsonError, sessionScope } from "~/server/http";

/** Streams a segment's members (as of its last refresh) as CSV. */
export function GET(_req: Request, { params }: { params: Promise<{ workspaceId: string; segmentId: string }> }) {
  return handle(async () => {
    const { workspaceId, segmentId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    return csvDownload(
      segment.exportSegmentMembersCsv(scope, segmentId),
      `segment-${segmentId}-${new Date().toISOString().slice(0, 10)}.csv`,
    );
  });
}
