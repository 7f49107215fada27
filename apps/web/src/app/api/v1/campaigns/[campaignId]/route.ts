import { campaign } from "@facet/domain";
import { withApiKey } from "~/server/http";
import { campaignIdFrom, presentCampaign } from "../present";

/** GET /api/v1/campaigns/{id} — a campaign with its segments, variants and, once launched, audience size. */
export function GET(req: Request, { params }: { params: Promise<{ campaignId: string }> }) {
  return withApiKey(req, async (scope) => Response.json(presentCampaign(await campaign.campaignById(scope, await campaignIdFrom(params)))));
}
