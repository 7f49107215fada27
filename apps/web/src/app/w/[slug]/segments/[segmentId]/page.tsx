import type { Metadata } from "next";
import { SegmentView } from "./segment-view";

export const metadata: Metadata = { title: "Segment" };

export default async function SegmentPage({ params }: { params: Promise<{ segmentId: string }> }) {
  const { segmentId } = await params;
  return <SegmentView segmentId={segmentId} />;
}
