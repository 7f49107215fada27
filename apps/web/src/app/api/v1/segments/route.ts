import { z } from "zod";
import { invalid, segment } from "@facet/domain";
import { segmentDefinition } from "@facet/validators";
import { withApiKey } from "~/server/http";
import { pageLimit, presentSegment } from "./present";

/** GET /api/v1/segments?limit=&cursor=&q= — segments, most recently changed first. */
export function GET(req: Request) {
  return withApiKey(req, async (scope) => {
    const params = new URL(req.url).searchParams;
    const page = await segment.listSegments(scope, {
      q: params.get("q") ?? "",
      archived: false,
      cursor: params.get("cursor"),
      limit: pageLimit(params),
    });
    return Response.json({ data: page.items.map(presentSegment), nextCursor: page.nextCursor });
  });
}

const createBody = z.object({
  name: z.string(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  schedule: z.enum(["manual", "hourly", "daily"]).optional(),
  definition: segmentDefinition,
});

/** POST /api/v1/segments — { name, definition, description?, tags?, schedule? }: saves and computes members. */
export function POST(req: Request) {
  return withApiKey(req, async (scope) => {
    const body = createBody.safeParse(await req.json().catch(() => null));
    if (!body.success) throw invalid(z.prettifyError(body.error));
    const s = await segment.createSegment(scope, { workspaceId: scope.workspaceId, ...body.data });
    return Response.json(presentSegment(s), { status: 201 });
  });
}
