import { trackingCall, trackingPreflight } from "~/server/tracking";

/** The tracking API under /api/v1 (also served at /v1, where Segment's libraries post by default). */
export async function POST(req: Request, { params }: { params: Promise<{ call: string }> }) {
  return trackingCall(req, (await params).call);
}

export function OPTIONS(req: Request) {
  return trackingPreflight(req);
}
