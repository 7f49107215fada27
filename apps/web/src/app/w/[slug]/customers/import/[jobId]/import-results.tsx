"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button, Card, ErrorMessage } from "@facet/ui";
import { plural } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import type { ImportJobView } from "./import-wizard";

/** What the dry run found (or the import did): counts, the first rejected rows, and the button to import. */
export function ImportResults({
  job: j,
  onRun,
  running,
  runError,
}: {
  job: ImportJobView;
  onRun: () => void;
  running: boolean;
  runError: string | null;
}) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const done = j.status === "succeeded";
  const rejections = useQuery(
    trpc.importJob.rejections.queryOptions(
      { workspaceId: ws.id, jobId: j.id, limit: 10 },
      { enabled: ["checked", "succeeded"].includes(j.status) && (j.counts?.rejected ?? 0) > 0 },
    ),
  );
  if (!(j.status === "checked" || done) || !j.counts) return null;
  const c = j.counts;
  const events = j.kind === "events";
  const figures: [string, number][] = events
    ? [
        ["Rows read", c.rows],
        [done ? "Events created" : "Will create events", c.created],
        ["Already stored (skipped)", c.duplicates ?? 0],
        [done ? "New customers" : "Will create customers", c.customersCreated ?? 0],
        ["Rejected rows", c.rejected],
      ]
    : [
        ["Rows read", c.rows],
        [done ? "Created" : "Will create", c.created],
        [done ? "Updated" : "Will update", c.updated],
        ["Rejected", c.rejected],
      ];

  return (
    <Card className="mb-6">
      <h2 className="text-lg font-semibold">{done ? "Imported" : "Dry run: what the import will do"}</h2>
      <dl className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-5" data-testid="import-counts">
        {figures.map(([label, n]) => (
          <div key={label}>
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="text-2xl font-semibold">{n.toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {c.rejected > 0 ? (
        <div className="mt-4">
          <h3 className="text-sm font-semibold">First rejected rows</h3>
          <table className="mt-2 w-full text-sm">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="py-1 font-medium">Row</th>
                <th className="py-1 font-medium">Column</th>
                <th className="py-1 font-medium">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rejections.data?.items.map((r) => (
                <tr key={r.rowNumber}>
                  <td className="py-1 pr-4">{r.rowNumber}</td>
                  <td className="py-1 pr-4">{r.column ?? "—"}</td>
                  <td className="py-1">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <a className="mt-2 inline-block text-sm text-indigo-600 hover:underline" href={`/api/w/${ws.id}/imports/${j.id}/rejections`}>
            Download all {plural(c.rejected, "rejected row")} (CSV)
          </a>
        </div>
      ) : null}
      {j.status === "checked" && ws.can("editor") ? (
        <div className="mt-5 flex items-center gap-3">
          <Button onClick={onRun} pending={running}>
            {events ? `Import ${plural(c.created, "event")}` : `Import ${plural(c.created + c.updated, "customer")}`}
          </Button>
          <span className="text-sm text-slate-500">or change the mapping below and check again.</span>
        </div>
      ) : null}
      {done ? (
        <Link href={`/w/${ws.slug}/customers`} className="mt-5 inline-block text-sm font-medium text-indigo-600 hover:underline">
          See your customers
        </Link>
      ) : null}
      {runError ? <ErrorMessage>{runError}</ErrorMessage> : null}
    </Card>
  );
}

export function JobProgress({
  progress,
  dryRun,
}: {
  progress: { bytesRead: number; totalBytes: number; rowsRead: number; phase: string } | null;
  dryRun: boolean;
}) {
  const share = progress ? Math.min(1, progress.bytesRead / Math.max(1, progress.totalBytes)) : 0;
  const label = !progress
    ? "Waiting to start…"
    : progress.phase === "merging"
      ? `${dryRun ? "Comparing" : "Saving"} ${plural(progress.rowsRead, "row")}…`
      : `Read ${plural(progress.rowsRead, "row")}`;
  return (
    <Card className="mb-6">
      <div className="flex justify-between text-sm text-slate-700">
        <span>{label}</span>
        <span>{Math.round(share * 100)}%</span>
      </div>
      <div
        className="mt-2 h-2 rounded bg-slate-100"
        role="progressbar"
        aria-label={dryRun ? "Check progress" : "Import progress"}
        aria-valuenow={Math.round(share * 100)}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="h-2 rounded bg-indigo-600 transition-all" style={{ width: `${share * 100}%` }} />
      </div>
      <p className="mt-2 text-xs text-slate-500">You can leave this page; the work goes on and the progress is here when you come back.</p>
    </Card>
  );
}
