import { campaign } from "@facet/domain";
import { csvDownload, handle, jsonError, sessionScope } from "~/server/http";

/** A launched campaign's frozen audience as CSV; `?layout=ads` gives hashed emails for ad-platform customer lists. */
export function GET(req: Request, { params }: { params: Promise<{ workspaceId: string; campaignId: string }> }) {
  return handle(async () => {
    const { workspaceId, campaignId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    const layout = new URL(req.url).searchParams.get("layout") === "ads" ? "ads" : "standard";
    return csvDownload(
      campaign.audienceCsv(scope, campaignId, layout),
      `campaign-${campaignId}-${layout === "ads" ? "ad-list" : "audience"}.csv`,
    );
  });
}
