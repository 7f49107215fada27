import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@facet/ui";
import { NewSegment } from "./new-segment";

export const metadata: Metadata = { title: "New segment" };

export default async function NewSegmentPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <>
      <Link href={`/w/${slug}/segments`} className="text-sm text-indigo-600 hover:underline">
        ← Segments
      </Link>
      <PageHeader title="New segment" description="Combine attribute, event and segment conditions; the count updates as you build." />
      <NewSegment />
    </>
  );
}
