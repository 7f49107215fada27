"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge, Card } from "@facet/ui";
import { campaignStatusLabels } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";

/** The campaigns that target (or exclude) a segment, and a way to start one for it. */
export function SegmentCampaigns({ segmentId }: { segmentId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const list = useQuery(trpc.campaign.list.queryOptions({ workspaceId: ws.id, segmentId, limit: 20 }));
  return (
    <Card className="print:hidden">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">Campaigns</h2>
        {ws.can("editor") ? (
          <Link className="text-sm text-indigo-700 hover:underline" href={`/w/${ws.slug}/campaigns/new?segment=${segmentId}`}>
            New campaign for this segment
          </Link>
        ) : null}
      </div>
      {list.data?.items.length === 0 ? <p className="mt-2 text-sm text-slate-500">No campaign targets this segment yet.</p> : null}
      <ul className="mt-2 space-y-1 text-sm">
        {list.data?.items.map((c) => (
          <li key={c.id} className="flex items-center gap-2">
            <Link className="text-indigo-700 hover:underline" href={`/w/${ws.slug}/campaigns/${c.id}`}>
              {c.name}
            </Link>
            <Badge tone={c.status === "running" ? "green" : "slate"}>{campaignStatusLabels[c.status]}</Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}
