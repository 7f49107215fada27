import { trackingCall, trackingPreflight } from "~/server/tracking";

/**
 * The tracking API where Segment serves it (`<host>/v1/batch`, `/v1/track`, ... and analytics.js's `/v1/t`),
 * so Segment's libraries work by changing only the host.
 */
export async function POST(req: Request, { params }: { params: Promise<{ call: string }> }) {
  return trackingCall(req, (await params).call);
}

export function OPTIONS(req: Request) {
  return trackingPreflight(req);
}
