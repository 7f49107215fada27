"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button, ErrorMessage, Field, Select } from "@facet/ui";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { demoInProgress, demoProgress } from "./demo-progress";

const sizes = [1_000, 10_000, 50_000];

/**
 * Creates "Tempo (demo)": a time-management app's customers, in all seven dimensions, with months of events.
 * It is made by a job: the page shows its progress (also after a reload, for the user's latest one) and
 * opens the workspace when it is done.
 */
export function CreateDemo() {
  const trpc = useTRPC();
  const router = useRouter();
  const [customers, setCustomers] = useState(1_000);
  // The job this page started; until then, the user's latest one (if it is still being made).
  const [jobId, setJobId] = useState<string | null>(null);
  const status = useQuery(
    trpc.workspace.demoStatus.queryOptions(jobId ? { jobId } : {}, {
      refetchInterval: (q) => (q.state.data && demoInProgress(q.state.data.status) ? 500 : false),
    }),
  );
  const create = useMutation(trpc.workspace.createDemo.mutationOptions({ onSuccess: (r) => setJobId(r.jobId) }));
  const job = status.data && (jobId === status.data.jobId || demoInProgress(status.data.status)) ? status.data : null;
  const making = create.isPending || (job !== null && demoInProgress(job.status));
  const opened = job?.status === "succeeded" ? job.workspace : null;

  // A job still being made when the page opened (a reload, another tab): follow it to its end.
  const resumed = !jobId && status.data && demoInProgress(status.data.status) ? status.data.jobId : null;
  useEffect(() => {
    if (resumed) setJobId(resumed);
  }, [resumed]);

  useEffect(() => {
    if (!opened) return;
    toast.success(`Demo workspace "${opened.name}" created`);
    router.push(`/w/${opened.slug}`);
  }, [opened, router]);

  const shown =
    job && (making || opened) ? demoProgress(job) : create.isPending ? demoProgress({ status: "queued", progress: null }) : null;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Explore Facet with a realistic workspace: customers of a time-management app (busy professionals, students, freelancers, remote
        workers, parents, small business owners and teams) with attributes in all seven dimensions and six months of events.
      </p>
      <div className="flex items-end gap-3">
        <Field label="Customers">
          {(p) => (
            <Select {...p} value={customers} disabled={making} onChange={(e) => setCustomers(Number(e.target.value))}>
              {sizes.map((n) => (
                <option key={n} value={n}>
                  {n.toLocaleString("en")}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button variant="secondary" pending={making} onClick={() => create.mutate({ customers })}>
          Create demo workspace
        </Button>
      </div>
      {shown ? (
        <div>
          <div className="flex justify-between text-sm text-slate-600">
            <span role="status">{shown.text}</span>
            <span>{shown.percent}%</span>
          </div>
          <div
            className="mt-1 h-2 rounded bg-slate-100"
            role="progressbar"
            aria-label="Demo workspace"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={shown.percent}
            aria-valuetext={shown.text}
          >
            <div className="h-2 rounded bg-indigo-600 transition-all" style={{ width: `${shown.percent}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-500">You may leave this page: the workspace appears in your list when it is ready.</p>
        </div>
      ) : null}
      {create.error ? <ErrorMessage>{errorMessage(create.error)}</ErrorMessage> : null}
      {job && jobId === job.jobId && (job.status === "failed" || job.status === "cancelled") ? (
        <ErrorMessage>
          The demo workspace couldn&apos;t be made ({job.error ?? "it stopped"}). Nothing of it was kept; try again.
        </ErrorMessage>
      ) : null}
      <p className="text-xs text-slate-500">
        Up to a million customers: run <code>pnpm seed --customers 1000000</code>.
      </p>
    </div>
  );
}
