import type { Metadata } from "next";
import { CampaignView } from "./campaign-view";

export const metadata: Metadata = { title: "Campaign" };

export default async function CampaignPage({ params }: { params: Promise<{ campaignId: string }> }) {
  const { campaignId } = await params;
  return <CampaignView campaignId={campaignId} />;
}
