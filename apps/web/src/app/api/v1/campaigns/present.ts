import { invalid } from "@facet/domain";
import { idOf } from "@facet/validators";

/** A campaign as the REST API shows it. */
export const presentCampaign = (c: {
  id: string;
  name: string;
  channel: string;
  status: string;
  startsOn: string | null;
  endsOn: string | null;
  audienceSize: number;
  launchedAt: Date | null;
  owner: string | null;
  goal?: string;
  holdoutSize?: number;
  holdoutPercent?: number;
  include?: { segmentId: string; name: string }[];
  exclude?: { segmentId: string; name: string }[];
  segments?: string[];
  variants?: unknown[];
  conversionEvent?: string;
  conversionWindowDays?: number;
}) => ({
  id: c.id,
  name: c.name,
  channel: c.channel,
  status: c.status,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  owner: c.owner,
  launchedAt: c.launchedAt,
  audience: c.launchedAt ? c.audienceSize : null,
  ...(c.include
    ? {
        goal: c.goal,
        holdoutPercent: c.holdoutPercent,
        holdout: c.launchedAt ? c.holdoutSize : null,
        segments: c.include.map((t) => ({ id: t.segmentId, name: t.name })),
        excludedSegments: (c.exclude ?? []).map((t) => ({ id: t.segmentId, name: t.name })),
        variants: c.variants,
        conversion: { event: c.conversionEvent, windowDays: c.conversionWindowDays },
      }
    : { segments: c.segments }),
});

export async function campaignIdFrom(params: Promise<{ campaignId: string }>) {
  const parsed = idOf("cmp").safeParse((await params).campaignId);
  if (!parsed.success) throw invalid("Not a valid campaign id.", "campaignId");
  return parsed.data;
}
