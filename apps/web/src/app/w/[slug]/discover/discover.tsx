"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge, Button, Card, ErrorMessage, Field, Input, PageHeader, Spinner } from "@facet/ui";
import { plural } from "~/components/format";
import { ViewerLock } from "~/components/viewer-lock";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { useAttributes } from "../customers/use-attributes";
import { ClusteringRun } from "./clustering-run";
import { Rfm } from "./rfm";

/** Segment discovery: k-means over chosen attributes, run in the background, kept with its parameters. */
export function Discover() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const attrs = useAttributes();
  const runs = useQuery(
    trpc.discovery.runs.queryOptions(
      { workspaceId: ws.id },
      { refetchInterval: (q) => (q.state.data?.some((r) => r.status === "queued" || r.status === "running") ? 1500 : false) },
    ),
  );
  const [chosen, setChosen] = useState<string[]>([]);
  const [kMode, setKMode] = useState<"range" | "one">("range");
  const [k, setK] = useState(4);
  const [kMax, setKMax] = useState(8);
  const [seed, setSeed] = useState(42);
  const [selected, setSelected] = useState<string | null>(null);
  const start = useMutation(
    trpc.discovery.startClustering.mutationOptions({
      onSuccess: ({ id }) => {
        setSelected(id);
        void queryClient.invalidateQueries({ queryKey: trpc.discovery.runs.queryKey({ workspaceId: ws.id }) });
      },
    }),
  );
  const usable = (attrs.data ?? []).filter((a) => a.type === "number" || a.type === "enum");
  const [tab, setTab] = useState<"clustering" | "rfm">("clustering");
  const clusteringRuns = runs.data?.filter((r) => r.kind === "kmeans");
  const current = selected ?? clusteringRuns?.[0]?.id ?? null;
  return (
    <>
      <PageHeader
        title="Discover"
        description="Let the data propose segments: RFM groups and k-means clusters, turned into ordinary, editable segments."
      />
      <div className="mb-4 flex gap-1 border-b border-slate-200" role="tablist" aria-label="Discovery">
        {(["clustering", "rfm"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === t ? "border-indigo-600 font-medium text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            onClick={() => setTab(t)}
          >
            {t === "clustering" ? "Clustering" : "RFM"}
          </button>
        ))}
      </div>
      {tab === "rfm" ? (
        <Rfm />
      ) : (
        <>
          <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
            <div className="space-y-4">
              <Card>
                <h2 className="text-base font-semibold">Cluster customers</h2>
                <ViewerLock className="mt-3">
                  <form
                    className="space-y-3"
                    onSubmit={(e) => {
                      e.preventDefault();
                      start.mutate({
                        workspaceId: ws.id,
                        attributes: chosen,
                        kMin: kMode === "one" ? k : Math.min(k, kMax),
                        kMax: kMode === "one" ? k : Math.max(k, kMax),
                        seed,
                      });
                    }}
                  >
                    <fieldset>
                      <legend className="text-sm font-medium text-slate-700">
                        Attributes (numbers; one-of-a-list ones are one-hot encoded)
                      </legend>
                      {attrs.isPending ? <Spinner className="text-slate-400" /> : null}
                      <div className="mt-1 max-h-56 space-y-1 overflow-y-auto text-sm">
                        {usable.map((a) => (
                          <label key={a.key} className="flex items-center gap-2">
                            <input
                              type="checkbox"
                              checked={chosen.includes(a.key)}
                              onChange={(e) => setChosen(e.target.checked ? [...chosen, a.key] : chosen.filter((x) => x !== a.key))}
                            />
                            {a.label} <span className="text-xs text-slate-400">{a.type === "enum" ? "one of a list" : "number"}</span>
                          </label>
                        ))}
                      </div>
                    </fieldset>
                    <div className="flex gap-2 text-sm">
                      <label className="inline-flex items-center gap-1">
                        <input type="radio" name="k-mode" checked={kMode === "range"} onChange={() => setKMode("range")} /> Try a range of k
                      </label>
                      <label className="inline-flex items-center gap-1">
                        <input type="radio" name="k-mode" checked={kMode === "one"} onChange={() => setKMode("one")} /> One k
                      </label>
                    </div>
                    <div className="grid grid-cols-3 gap-2">
                      <Field label={kMode === "one" ? "k" : "From k"}>
                        {(f) => (
                          <Input {...f} type="number" min={2} max={12} value={k} onChange={(e) => setK(Number(e.target.value) || 2)} />
                        )}
                      </Field>
                      {kMode === "range" ? (
                        <Field label="To k">
                          {(f) => (
                            <Input
                              {...f}
                              type="number"
                              min={2}
                              max={12}
                              value={kMax}
                              onChange={(e) => setKMax(Number(e.target.value) || 2)}
                            />
                          )}
                        </Field>
                      ) : (
                        <div />
                      )}
                      <Field label="Seed">
                        {(f) => <Input {...f} type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value) || 0)} />}
                      </Field>
                    </div>
                    {start.error ? <ErrorMessage>{errorMessage(start.error)}</ErrorMessage> : null}
                    <Button type="submit" pending={start.isPending} disabled={!chosen.length}>
                      Run clustering
                    </Button>
                  </form>
                </ViewerLock>
              </Card>
              <Card>
                <h2 className="text-base font-semibold">Runs</h2>
                {clusteringRuns?.length === 0 ? <p className="mt-2 text-sm text-slate-500">No runs yet.</p> : null}
                <ul className="mt-2 space-y-1 text-sm">
                  {clusteringRuns?.map((r) => {
                    const p = r.params as { attributes: string[]; kMin: number; kMax: number; seed: number };
                    return (
                      <li key={r.id}>
                        <button
                          type="button"
                          className={`w-full rounded px-2 py-1 text-left ${r.id === current ? "bg-indigo-50" : "hover:bg-slate-50"}`}
                          onClick={() => setSelected(r.id)}
                        >
                          <span className="font-medium">{p.attributes.join(", ")}</span>{" "}
                          <span className="text-xs text-slate-500">
                            k {p.kMin === p.kMax ? p.kMin : `${p.kMin}-${p.kMax}`}, seed {p.seed} · {r.createdAt.toLocaleString()}
                          </span>{" "}
                          <Badge tone={r.status === "succeeded" ? "green" : r.status === "failed" ? "amber" : "slate"}>{r.status}</Badge>
                          {r.k ? (
                            <span className="block text-xs text-slate-500">
                              k = {r.k}, silhouette {r.silhouette?.toFixed(3)}, {r.rows?.toLocaleString()} customers
                            </span>
                          ) : null}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </Card>
            </div>
            <div>
              {current ? (
                <ClusteringRun key={current} runId={current} onRepeat={(id) => setSelected(id)} />
              ) : (
                <Card className="text-sm text-slate-500">Choose attributes and run a clustering; its result shows here.</Card>
              )}
            </div>
          </div>
          <p className="mt-6 text-xs text-slate-500">
            Values are standardized (mean 0, sd 1) before clustering; customers missing any chosen attribute are left out. At most{" "}
            {plural(200_000, "customer")} (the newest) per run. Saved clusters become segments you can edit like any other:{" "}
            <Link className="text-indigo-700 hover:underline" href={`/w/${ws.slug}/segments`}>
              Segments
            </Link>
            .
          </p>
        </>
      )}
    </>
  );
}
