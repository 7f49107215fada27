"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { Badge, Button, ErrorMessage, PageHeader, Spinner } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { importStatusLabel, importStatusTone } from "../status";
import { CustomerSettings } from "./customer-settings";
import { EventSettings } from "./event-settings";
import { ImportResults, JobProgress } from "./import-results";

export type ImportJobView = NonNullable<ReturnType<typeof useImportJob>["data"]>;

function useImportJob(jobId: string) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  return useQuery(
    trpc.importJob.byId.queryOptions(
      { workspaceId: ws.id, jobId },
      { refetchInterval: (q) => (q.state.data && ["queued", "running"].includes(q.state.data.status) ? 700 : false) },
    ),
  );
}

/** One import: its mapping and dry run, its progress while it runs, and what it did. */
export function ImportWizard({ jobId }: { jobId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const job = useImportJob(jobId);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.importJob.pathKey() });
  // Once the import lands, customers and attributes elsewhere in the app are out of date.
  const landed = job.data?.status === "succeeded";
  useEffect(() => {
    if (!landed) return;
    void queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.attribute.pathKey() });
  }, [landed, queryClient, trpc]);
  const dryRun = useMutation(trpc.importJob.dryRun.mutationOptions({ onSuccess: refresh }));
  const run = useMutation(trpc.importJob.run.mutationOptions({ onSuccess: refresh }));

  if (job.error) return <ErrorMessage>{errorMessage(job.error)}</ErrorMessage>;
  if (job.isPending) return <Spinner className="text-slate-400" />;
  const j = job.data;
  const busy = j.status === "queued" || j.status === "running";
  const done = j.status === "succeeded";
  const canEdit = ws.can("editor") && !busy && !done;
  const step = done || j.status === "checked" ? 3 : 2;
  const settingsProps = {
    job: j,
    disabled: !canEdit,
    pending: dryRun.isPending,
    error: dryRun.error ? errorMessage(dryRun.error) : null,
    onCheck: (settings: Parameters<typeof dryRun.mutate>[0]["settings"]) => dryRun.mutate({ workspaceId: ws.id, jobId, settings }),
  };

  return (
    <>
      <Link href={`/w/${ws.slug}/customers`} className="text-sm text-indigo-600 hover:underline">
        ← Customers
      </Link>
      <PageHeader
        title={`Import ${j.kind === "events" ? "events from " : ""}${j.fileName}`}
        description={`Step ${step} of 3: ${step === 2 ? "map the columns, then check the file. Nothing is written until you import." : "review the check, then import."}`}
        actions={<Badge tone={importStatusTone[j.status]}>{importStatusLabel(j.status, j.dryRun)}</Badge>}
      />

      {busy ? <JobProgress progress={j.progress} dryRun={j.dryRun} /> : null}
      {j.status === "failed" && j.error ? (
        <div className="mb-4">
          <ErrorMessage>{j.error}</ErrorMessage>
        </div>
      ) : null}
      <ImportResults
        job={j}
        onRun={() => run.mutate({ workspaceId: ws.id, jobId })}
        running={run.isPending}
        runError={run.error ? errorMessage(run.error) : null}
      />

      {!done ? (
        <>
          {j.kind === "events" ? <EventSettings {...settingsProps} /> : <CustomerSettings {...settingsProps} />}
          {j.status === "failed" && !j.dryRun && ws.can("editor") ? (
            <Button className="mt-4" onClick={() => run.mutate({ workspaceId: ws.id, jobId })} pending={run.isPending}>
              Run the import again
            </Button>
          ) : null}
        </>
      ) : null}
    </>
  );
}
