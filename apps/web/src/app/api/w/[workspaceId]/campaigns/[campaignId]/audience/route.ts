import { campaign } from "@facet/domain";
import { csvDownload, handle, jsonError, sessionScope } from "~/server/http";

/**
 * A launched campaign's frozen audience as CSV: the treated customers with their messages filled in;
 * `?layout=ads`: their hashed emails for ad-platform customer lists; `?layout=holdout`: the held-out customers.
 */
export function GET(req: Request, { params }: { params: Promise<{ workspaceId: string; campaignId: string }> }) {
  return handle(async () => {
    const { workspaceId, campaignId } = await params;
    const scope = await sessionScope(workspaceId);
    if (!scope) return jsonError(401, "Your session has ended. Sign in again.");
    const asked = new URL(req.url).searchParams.get("layout");
    const layout: campaign.AudienceLayout = asked === "ads" || asked === "holdout" ? asked : "standard";
    const file = { standard: "audience", ads: "ad-list", holdout: "holdout" }[layout];
    return csvDownload(campaign.audienceCsv(scope, campaignId, layout), `campaign-${campaignId}-${file}.csv`);
  });
}
