import { campaign } from "@facet/domain";
import { withApiKey } from "~/server/http";
import { pageLimit } from "../segments/present";
import { presentCampaign } from "./present";

/** GET /api/v1/campaigns?limit=&cursor=&q=&status= — campaigns, most recently changed first (archived ones only when asked). */
export function GET(req: Request) {
  return withApiKey(req, async (scope) => {
    const params = new URL(req.url).searchParams;
    const status = params.get("status");
    const valid = ["draft", "scheduled", "running", "completed", "archived"].includes(status ?? "") ? status! : undefined;
    const page = await campaign.listCampaigns(scope, {
      q: params.get("q") ?? "",
      status: valid,
      cursor: params.get("cursor"),
      limit: pageLimit(params),
    });
    return Response.json({ data: page.items.map(presentCampaign), nextCursor: page.nextCursor });
  });
}
