import { segment } from "@facet/domain";
import { withApiKey } from "~/server/http";
import { presentSegment, segmentIdFrom } from "../present";

/** GET /api/v1/segments/{id} — the segment with its definition. */
export function GET(req: Request, { params }: { params: Promise<{ segmentId: string }> }) {
  return withApiKey(req, async (scope) => Response.json(presentSegment(await segment.segmentById(scope, await segmentIdFrom(params)))));
}
