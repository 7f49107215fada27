"use client";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import Link from "next/link";
import type { AppRouter, inferRouterOutputs } from "@facet/api";
import { Badge } from "@facet/ui";
import { useTRPC } from "~/trpc/client";
import { plural } from "./format";
import { useWorkspace } from "./workspace-context";

type Issue = inferRouterOutputs<AppRouter>["health"]["bySegment"]["issues"][number];

/** The segment pages already explain a failed refresh in full (with its retries); these add the other causes. */
const shown = (issues: Issue[] | undefined, withFailures: boolean) =>
  (issues ?? []).filter((i) => withFailures || i.cause !== "refresh_failed");

/** The issues of a page of segments, by segment id (fresh on every visit: health moves with every refresh). */
export function useSegmentHealth(segmentIds: string[]): Map<string, Issue[]> {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const health = useQuery(
    trpc.health.list.queryOptions({ workspaceId: ws.id, segmentIds }, { enabled: segmentIds.length > 0, staleTime: 0 }),
  );
  return new Map((health.data ?? []).map((h) => [h.segmentId, h.issues]));
}

/** A badge per issue, its message on hover and for screen readers (the list shows a failed refresh itself). */
export function SegmentHealthBadges({ issues }: { issues: Issue[] | undefined }) {
  const list = shown(issues, false);
  if (list.length === 0) return null;
  return (
    <span className="mt-1 flex flex-wrap gap-1" data-testid="segment-health">
      {list.map((i) => (
        <span key={i.cause} title={i.message}>
          <Badge tone="amber">
            <AlertTriangle className="mr-1 inline h-3 w-3" aria-hidden />
            {i.label}
          </Badge>
          <span className="sr-only">: {i.message}</span>
        </span>
      ))}
    </span>
  );
}

/**
 * The segment page's health: what needs attention and why, and when the segment was last reconciled (a full
 * recompute that should find nothing live updates missed) with what it corrected; admins get the log.
 */
export function SegmentHealthPanel({ segmentId }: { segmentId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const health = useQuery(trpc.health.bySegment.queryOptions({ workspaceId: ws.id, segmentId }, { staleTime: 0, refetchInterval: 30_000 }));
  if (!health.data) return null;
  const issues = shown(health.data.issues, false);
  const last = health.data.lastReconciliation;
  return (
    <div className="mb-4 space-y-2">
      {issues.length ? (
        <div
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          data-testid="segment-health"
        >
          <p className="font-medium">This segment needs attention</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {issues.map((i) => (
              <li key={i.cause}>
                <span className="font-medium">{i.label}:</span> {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="text-xs text-slate-500">
        {last
          ? `Last reconciled ${last.at.toLocaleString()}: ${last.corrected ? `corrected ${plural(last.corrected, "membership")}` : "nothing to correct"}.`
          : "Not reconciled yet: Facet recomputes every segment at least daily to check its live memberships."}{" "}
        {ws.can("admin") ? (
          <Link href={`/w/${ws.slug}/settings/health`} className="text-indigo-700 hover:underline">
            Reconciliation log
          </Link>
        ) : null}
      </p>
    </div>
  );
}
