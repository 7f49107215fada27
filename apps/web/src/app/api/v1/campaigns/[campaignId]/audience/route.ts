import { campaign } from "@facet/domain";
import { withApiKey } from "~/server/http";
import { pageLimit } from "../../../segments/present";
import { campaignIdFrom } from "../../present";

/** GET /api/v1/campaigns/{id}/audience?limit=&cursor= — the frozen audience, by customer id, with variant segment and holdout. */
export function GET(req: Request, { params }: { params: Promise<{ campaignId: string }> }) {
  return withApiKey(req, async (scope) => {
    const query = new URL(req.url).searchParams;
    const id = await campaignIdFrom(params);
    const c = await campaign.campaignById(scope, id);
    if (!c.launchedAt)
      return Response.json({ error: { message: "This campaign hasn't launched: it has no frozen audience yet." } }, { status: 409 });
    const page = await campaign.audiencePage(scope, id, { cursor: query.get("cursor"), limit: pageLimit(query) });
    return Response.json({ data: page.items, nextCursor: page.nextCursor });
  });
}
