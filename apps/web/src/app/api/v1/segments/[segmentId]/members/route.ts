import { segment } from "@facet/domain";
import { withApiKey } from "~/server/http";
import { pageLimit, segmentIdFrom } from "../../present";

/** GET /api/v1/segments/{id}/members?limit=&cursor= — members as of the last refresh, by customer id. */
export function GET(req: Request, { params }: { params: Promise<{ segmentId: string }> }) {
  return withApiKey(req, async (scope) => {
    const query = new URL(req.url).searchParams;
    const page = await segment.segmentMembersPage(scope, await segmentIdFrom(params), {
      cursor: query.get("cursor"),
      limit: pageLimit(query),
    });
    return Response.json({ data: page.items, nextCursor: page.nextCursor });
  });
}
