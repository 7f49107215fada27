"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { importStatusLabel, importStatusTone } from "./import/status";

/** The latest imports, so a running one is a click away after a reload. */
export function RecentImports() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const list = useQuery(trpc.importJob.list.queryOptions({ workspaceId: ws.id, limit: 3 }, { refetchInterval: 5000 }));
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-label="Recent imports" className="mb-6 rounded-lg border border-slate-200 bg-white px-4 py-3">
      <h2 className="text-sm font-semibold text-slate-700">Recent imports</h2>
      <ul className="mt-2 space-y-1 text-sm">
        {items.map((job) => (
          <li key={job.id} className="flex items-center gap-3">
            <Link href={`/w/${ws.slug}/customers/import/${job.id}`} className="text-indigo-700 hover:underline">
              {job.fileName}
            </Link>
            <span className="text-slate-500">{job.kind === "events" ? "events" : "customers"}</span>
            <Badge tone={importStatusTone[job.status]}>{importStatusLabel(job.status, job.dryRun)}</Badge>
            <span className="text-slate-500">{job.createdAt.toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
