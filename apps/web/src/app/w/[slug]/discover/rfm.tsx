"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button, Card, ErrorMessage, Spinner } from "@facet/ui";
import { plural } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

/** Monetary score 1-5 as a colour from pale to deep indigo. */
const mColor = (m: number) => `hsl(243 75% ${Math.round(95 - (Math.max(1, Math.min(5, m)) - 1) * 12)}%)`;

/** RFM: scores from purchases, the R x F grid coloured by M, and the named groups to save as segments. */
export function Rfm() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const latest = useQuery(
    trpc.discovery.rfm.queryOptions(
      { workspaceId: ws.id },
      { refetchInterval: (q) => (q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 800 : false) },
    ),
  );
  const [saved, setSaved] = useState<Record<string, { id: string; name: string; memberCount: number }>>({});
  const start = useMutation(
    trpc.discovery.startRfm.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.discovery.rfm.queryKey({ workspaceId: ws.id }) }),
    }),
  );
  const save = useMutation(
    trpc.discovery.saveRfmGroup.mutationOptions({
      onSuccess: (s, v) => {
        setSaved({ ...saved, [v.group]: s });
        toast.success(`Segment "${s.name}" saved with ${s.memberCount.toLocaleString()} members`);
      },
    }),
  );
  const run = latest.data;
  const r = run?.result;
  // A first run adds the RFM attributes: the profile, table and builder must see them.
  const succeededId = run?.status === "succeeded" ? run.id : null;
  useEffect(() => {
    if (succeededId) void queryClient.invalidateQueries({ queryKey: trpc.attribute.list.pathKey() });
  }, [succeededId, queryClient, trpc]);
  const busy = run?.status === "queued" || run?.status === "running" || start.isPending;
  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="text-base font-semibold">RFM analysis</h2>
            <p className="text-sm text-slate-600">
              Recency, frequency and monetary value of every customer who bought, in quintiles (1-5), and the standard named groups.
            </p>
          </div>
          {ws.can("editor") ? (
            <Button pending={busy} onClick={() => start.mutate({ workspaceId: ws.id })}>
              {r ? "Score again" : "Score customers"}
            </Button>
          ) : null}
        </div>
        {start.error ? <ErrorMessage>{errorMessage(start.error)}</ErrorMessage> : null}
        {run?.status === "failed" ? <ErrorMessage>{run.error ?? "Scoring failed."}</ErrorMessage> : null}
        {busy ? (
          <p className="mt-2 flex items-center gap-2 text-sm text-slate-500">
            <Spinner /> Scoring…
          </p>
        ) : null}
        {r ? (
          <>
            <p className="mt-2 text-sm" data-testid="rfm-summary">
              {plural(r.scored, "customer")} scored of {r.customers.toLocaleString()}, as of {r.asOf.slice(0, 10)} (
              {r.computeMs.toLocaleString()} ms). Scores refresh hourly after new purchases.
            </p>
            <details className="mt-2 text-xs text-slate-600">
              <summary className="cursor-pointer">How it was computed</summary>
              <ul className="mt-1 list-disc pl-5">
                {r.choices.map((c) => (
                  <li key={c}>{c}</li>
                ))}
                <li>
                  Quintile edges: recency {r.edges.recency.join(" / ")} days; frequency {r.edges.frequency.join(" / ")} orders; monetary{" "}
                  {r.edges.monetary.join(" / ")}.
                </li>
              </ul>
            </details>
          </>
        ) : !busy ? (
          <p className="mt-2 text-sm text-slate-500">Not scored yet.</p>
        ) : null}
      </Card>
      {r ? (
        <div className="grid gap-4 lg:grid-cols-[auto_1fr]">
          <Card>
            <h3 className="text-sm font-semibold">Recency x frequency, coloured by monetary score</h3>
            <table className="mt-2 border-separate border-spacing-1 text-xs" aria-label="RFM grid">
              <thead>
                <tr>
                  <th />
                  {[1, 2, 3, 4, 5].map((f) => (
                    <th key={f} className="font-medium text-slate-500">
                      F{f}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[5, 4, 3, 2, 1].map((rs) => (
                  <tr key={rs}>
                    <th className="pr-1 font-medium text-slate-500">R{rs}</th>
                    {[1, 2, 3, 4, 5].map((f) => {
                      const cell = r.grid.find((c) => c.r === rs && c.f === f);
                      return (
                        <td
                          key={f}
                          className="h-12 w-14 rounded text-center"
                          style={{ background: cell ? mColor(cell.avgM) : "#f8fafc", color: cell && cell.avgM > 3.5 ? "white" : "#1e293b" }}
                          title={cell ? `R${rs} F${f}: ${cell.customers} customers, average M ${cell.avgM}` : `R${rs} F${f}: nobody`}
                        >
                          {cell?.customers.toLocaleString() ?? "·"}
                          {cell ? <div className="text-[10px] opacity-80">M {cell.avgM}</div> : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <Card>
            <h3 className="text-sm font-semibold">Groups</h3>
            <table className="mt-2 w-full text-sm" aria-label="RFM groups">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className="py-1 font-medium">Group</th>
                  <th className="py-1 text-right font-medium">Customers</th>
                  <th className="py-1 text-right font-medium">R / F / M</th>
                  <th />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {r.groups.map((g) => (
                  <tr key={g.name}>
                    <td className="py-1">{g.name}</td>
                    <td className="py-1 text-right">{g.customers.toLocaleString()}</td>
                    <td className="py-1 text-right text-slate-500">{g.customers ? `${g.avgR} / ${g.avgF} / ${g.avgM}` : "—"}</td>
                    <td className="py-1 text-right">
                      {saved[g.name] ? (
                        <Link className="text-indigo-700 hover:underline" href={`/w/${ws.slug}/segments/${saved[g.name]!.id}`}>
                          Saved
                        </Link>
                      ) : ws.can("editor") && g.customers ? (
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Save ${g.name} as a segment`}
                          onClick={() => save.mutate({ workspaceId: ws.id, group: g.name, name: `RFM: ${g.name}` })}
                        >
                          Save as segment
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {save.error ? <ErrorMessage>{errorMessage(save.error)}</ErrorMessage> : null}
          </Card>
        </div>
      ) : null}
    </div>
  );
}
