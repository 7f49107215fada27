"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Card, ErrorMessage, Input, Select, Spinner } from "@facet/ui";
import type { discovery } from "@facet/domain";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { clusterColor, Scatter, ScoresChart } from "./charts";
import { percent } from "~/components/format";

const pct = (x: number) => percent(x);

/** One run: progress while it computes, then the chosen k, each cluster and a way to save it as a segment. */
export function ClusteringRun({ runId, onRepeat }: { runId: string; onRepeat: (id: string) => void }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const repeat = useMutation(
    trpc.discovery.startClustering.mutationOptions({
      onSuccess: ({ id }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.discovery.runs.queryKey({ workspaceId: ws.id }) });
        onRepeat(id);
      },
    }),
  );
  const run = useQuery(
    trpc.discovery.run.queryOptions(
      { workspaceId: ws.id, runId },
      { refetchInterval: (q) => (q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 700 : false) },
    ),
  );
  if (run.error) return <ErrorMessage>{errorMessage(run.error)}</ErrorMessage>;
  const r = run.data;
  if (!r) return <Spinner className="text-slate-400" />;
  if (r.status === "queued" || r.status === "running") {
    const share = r.progressTotal ? r.progressDone / r.progressTotal : 0;
    return (
      <Card>
        <p className="text-sm">
          Clustering… {r.progressTotal ? `${r.progressDone} of ${r.progressTotal} k-means runs` : "loading customers"}
        </p>
        <div
          className="mt-2 h-2 rounded bg-slate-100"
          role="progressbar"
          aria-label="Clustering progress"
          aria-valuenow={Math.round(share * 100)}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div className="h-2 rounded bg-indigo-600 transition-all" style={{ width: pct(share) }} />
        </div>
      </Card>
    );
  }
  if (r.status === "failed" || !r.result) return <ErrorMessage>{r.error ?? "This run failed."}</ErrorMessage>;
  const res = r.result;
  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-base font-semibold" data-testid="chosen-k">
            {res.clusters.length} clusters of {res.rows.toLocaleString()} customers
          </h2>
          {ws.can("editor") ? (
            <Button
              variant="secondary"
              size="sm"
              pending={repeat.isPending}
              title="Same attributes, range of k and seed: on the same data it gives the same clusters"
              onClick={() =>
                repeat.mutate({
                  workspaceId: ws.id,
                  ...(r.params as { attributes: string[]; kMin: number; kMax: number; seed: number; restarts: number }),
                })
              }
            >
              Repeat this run
            </Button>
          ) : null}
        </div>
        {repeat.error ? <ErrorMessage>{errorMessage(repeat.error)}</ErrorMessage> : null}
        <p className="text-xs text-slate-500">
          {res.scores.length > 1
            ? `k = ${res.k} has the best silhouette (${res.scores.find((s) => s.k === res.k)!.silhouette}). `
            : `Silhouette ${res.scores[0]!.silhouette}. `}
          {res.skipped ? `${res.skipped.toLocaleString()} customers lacked a chosen attribute and were left out. ` : ""}
          {res.truncated ? "Only the newest 200,000 were clustered. " : ""}Computed in {res.computeMs.toLocaleString()} ms.
        </p>
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          <ScoresChart scores={res.scores} chosen={res.k} />
          <Scatter points={res.scatter} axes={res.axes} />
        </div>
      </Card>
      <div className="grid gap-4 md:grid-cols-2">
        {res.clusters.map((c) => (
          <ClusterCard key={c.index} runId={runId} cluster={c} />
        ))}
      </div>
    </div>
  );
}

function ClusterCard({ runId, cluster: c }: { runId: string; cluster: discovery.ClusterSummary }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(`Cluster ${c.index + 1}`);
  const [mode, setMode] = useState<"rules" | "attribute">("rules");
  const [saved, setSaved] = useState<{ id: string; name: string; memberCount: number } | null>(null);
  const save = useMutation(
    trpc.discovery.saveCluster.mutationOptions({
      onSuccess: (s) => {
        setSaved(s);
        toast.success(`Segment "${s.name}" saved with ${s.memberCount.toLocaleString()} members`);
        void queryClient.invalidateQueries({ queryKey: trpc.segment.pathKey() });
      },
    }),
  );
  return (
    <Card aria-label={`Cluster ${c.index + 1}`} role="region">
      <h3 className="flex items-center gap-2 font-semibold">
        <span className="inline-block h-3 w-3 rounded-full" style={{ background: clusterColor(c.index) }} aria-hidden />
        Cluster {c.index + 1}
        <span className="text-sm font-normal text-slate-500">
          {c.size.toLocaleString()} customers ({pct(c.share)})
        </span>
      </h3>
      <table className="mt-2 w-full text-xs">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="font-medium">Centre</th>
            <th className="text-right font-medium">Here</th>
            <th className="text-right font-medium">Overall</th>
          </tr>
        </thead>
        <tbody>
          {c.centroid.map((x) => (
            <tr key={`${x.key}-${x.value ?? ""}`}>
              <td>{x.value === null ? x.label : `${x.label}: ${x.value}`}</td>
              <td className="text-right">{x.value === null ? x.mean.toLocaleString() : pct(x.mean)}</td>
              <td className="text-right text-slate-500">{x.value === null ? x.overall.toLocaleString() : pct(x.overall)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.preview.length ? (
        <div className="mt-2 text-xs">
          <p className="font-medium text-slate-700">Persona preview</p>
          <ul className="list-disc pl-4 text-slate-600">
            {c.preview.map((s, i) => (
              <li key={i}>
                {s.kind === "category"
                  ? `${s.label} "${s.value}": ${pct(s.segment)} vs ${pct(s.base)}`
                  : `${s.label}: average ${Math.round(s.segmentMean * 10) / 10} vs ${Math.round(s.baseMean * 10) / 10}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="mt-2 text-xs text-slate-500">
        As rules:{" "}
        {c.rules
          .map((r) =>
            r.type === "attribute"
              ? `${r.attribute} ${r.operator === "between" ? `${(r.value as number[])[0]}–${(r.value as number[])[1]}` : `in ${(r.value as string[]).join(", ")}`}`
              : "",
          )
          .join(" and ")}{" "}
        ({pct(c.agreement.precision)} of those are in this cluster; they cover {pct(c.agreement.recall)} of it)
      </p>
      {ws.can("editor") ? (
        <form
          className="mt-3 flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ workspaceId: ws.id, runId, cluster: c.index, name, mode });
          }}
        >
          <Input aria-label="Segment name" className="w-40" value={name} onChange={(e) => setName(e.target.value)} />
          <Select aria-label="Save as" className="w-44" value={mode} onChange={(e) => setMode(e.target.value as "rules" | "attribute")}>
            <option value="rules">as rules</option>
            <option value="attribute">as a stored label</option>
          </Select>
          <Button type="submit" size="sm" pending={save.isPending}>
            Save as segment
          </Button>
        </form>
      ) : null}
      {save.error ? <ErrorMessage>{errorMessage(save.error)}</ErrorMessage> : null}
      {saved ? (
        <p className="mt-2 text-sm">
          Saved:{" "}
          <Link className="text-indigo-700 hover:underline" href={`/w/${ws.slug}/segments/${saved.id}`}>
            {saved.name}
          </Link>{" "}
          ({saved.memberCount.toLocaleString()} members)
        </p>
      ) : null}
    </Card>
  );
}
