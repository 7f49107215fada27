import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@facet/ui";

export const metadata: Metadata = { title: "Campaigns" };

export default function CampaignsPage() {
  return (
    <>
      <PageHeader title="Campaigns" description="Messages tailored per segment, and how they performed." />
      <EmptyState title="No campaigns yet">Campaigns target segments. Create a segment first, then plan a campaign for it.</EmptyState>
    </>
  );
}
