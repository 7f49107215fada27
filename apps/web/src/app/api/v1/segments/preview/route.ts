import { z } from "zod";
import { invalid, segment } from "@facet/domain";
import { segmentDefinition } from "@facet/validators";
import { withApiKey } from "~/server/http";

/** POST /api/v1/segments/preview — { definition }: count, share and a sample, nothing saved. */
export function POST(req: Request) {
  return withApiKey(req, async (scope) => {
    const body = z.object({ definition: segmentDefinition }).safeParse(await req.json().catch(() => null));
    if (!body.success) throw invalid(z.prettifyError(body.error));
    const p = await segment.previewSegment(scope, body.data.definition);
    return Response.json({ count: p.count, total: p.total, share: p.share, conditions: p.conditions, sample: p.sample });
  });
}
