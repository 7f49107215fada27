import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@facet/ui";
import { CampaignEditor } from "../campaign-editor";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ segment?: string }>;
}) {
  const [{ slug }, { segment }] = await Promise.all([params, searchParams]);
  return (
    <>
      <Link href={`/w/${slug}/campaigns`} className="text-sm text-indigo-600 hover:underline">
        ← Campaigns
      </Link>
      <PageHeader
        title="New campaign"
        description="Target segments, write a message per segment, and hold some customers out to measure it."
      />
      <CampaignEditor startSegmentId={segment && /^seg_[0-9a-z]{10,40}$/.test(segment) ? segment : undefined} />
    </>
  );
}
