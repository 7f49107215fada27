"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Badge, Button, Card, ErrorMessage, Field, PageHeader, Select, Spinner } from "@facet/ui";
import type { ColumnMapping } from "@facet/validators";
import { plural } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { useAttributes } from "../../use-attributes";
import { importStatusLabel, importStatusTone } from "../status";
import { MappingTable } from "./mapping-table";

type MatchKey = "email" | "externalId";
type Mode = "create" | "update" | "upsert";
const modeLabels: Record<Mode, string> = {
  upsert: "Add new customers and update existing ones",
  create: "Only add new customers",
  update: "Only update existing customers",
};
const delimiterLabels: Record<string, string> = { ",": "Comma", ";": "Semicolon", "\t": "Tab", "|": "Pipe" };

export function ImportWizard({ jobId }: { jobId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const attrs = useAttributes();
  const job = useQuery(
    trpc.importJob.byId.queryOptions(
      { workspaceId: ws.id, jobId },
      { refetchInterval: (q) => (q.state.data && ["queued", "running"].includes(q.state.data.status) ? 700 : false) },
    ),
  );
  const [mapping, setMapping] = useState<ColumnMapping[] | null>(null);
  const [matchKey, setMatchKey] = useState<MatchKey>("email");
  const [mode, setMode] = useState<Mode>("upsert");
  const [delimiter, setDelimiter] = useState<string>(",");
  const [encoding, setEncoding] = useState<"utf-8" | "windows-1252">("utf-8");

  useEffect(() => {
    if (!job.data || mapping) return;
    const s = job.data.settings;
    const columns = s?.columns ?? job.data.proposal ?? [];
    setMapping(columns);
    setMatchKey(s?.matchKey ?? (columns.some((c) => c.target === "email") ? "email" : "externalId"));
    setMode(s?.mode ?? "upsert");
    setDelimiter(s?.delimiter ?? job.data.fileInfo.delimiter);
    setEncoding(s?.encoding ?? job.data.fileInfo.encoding);
  }, [job.data, mapping]);

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
  const rejections = useQuery(
    trpc.importJob.rejections.queryOptions(
      { workspaceId: ws.id, jobId, limit: 10 },
      { enabled: Boolean(job.data && ["checked", "succeeded"].includes(job.data.status) && (job.data.counts?.rejected ?? 0) > 0) },
    ),
  );

  if (job.error) return <ErrorMessage>{errorMessage(job.error)}</ErrorMessage>;
  if (job.isPending || !mapping) return <Spinner className="text-slate-400" />;
  const j = job.data;
  const busy = j.status === "queued" || j.status === "running";
  const done = j.status === "succeeded";
  const canEdit = ws.can("editor") && !busy && !done;
  const settings = { delimiter: delimiter as ",", encoding, hasHeader: true, columns: mapping, matchKey, mode };
  const step = done ? 3 : j.status === "checked" ? 3 : 2;

  return (
    <>
      <Link href={`/w/${ws.slug}/customers`} className="text-sm text-indigo-600 hover:underline">
        ← Customers
      </Link>
      <PageHeader
        title={`Import ${j.fileName}`}
        description={`Step ${step} of 3: ${step === 2 ? "map the columns, then check the file. Nothing is written until you import." : "review the check, then import."}`}
        actions={<Badge tone={importStatusTone[j.status]}>{importStatusLabel(j.status, j.dryRun)}</Badge>}
      />

      {busy ? <JobProgress progress={j.progress} dryRun={j.dryRun} /> : null}
      {j.status === "failed" && j.error ? (
        <div className="mb-4">
          <ErrorMessage>{j.error}</ErrorMessage>
        </div>
      ) : null}

      {(j.status === "checked" || done) && j.counts ? (
        <Card className="mb-6">
          <h2 className="text-lg font-semibold">{done ? "Imported" : "Dry run: what the import will do"}</h2>
          <dl className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="import-counts">
            {[
              ["Rows read", j.counts.rows],
              [done ? "Created" : "Will create", j.counts.created],
              [done ? "Updated" : "Will update", j.counts.updated],
              ["Rejected", j.counts.rejected],
            ].map(([label, n]) => (
              <div key={label}>
                <dt className="text-sm text-slate-500">{label}</dt>
                <dd className="text-2xl font-semibold">{Number(n).toLocaleString()}</dd>
              </div>
            ))}
          </dl>
          {j.counts.rejected > 0 ? (
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
              <a className="mt-2 inline-block text-sm text-indigo-600 hover:underline" href={`/api/w/${ws.id}/imports/${jobId}/rejections`}>
                Download all {plural(j.counts.rejected, "rejected row")} (CSV)
              </a>
            </div>
          ) : null}
          {j.status === "checked" && ws.can("editor") ? (
            <div className="mt-5 flex items-center gap-3">
              <Button onClick={() => run.mutate({ workspaceId: ws.id, jobId })} pending={run.isPending}>
                Import {plural(j.counts.created + j.counts.updated, "customer")}
              </Button>
              <span className="text-sm text-slate-500">or change the mapping below and check again.</span>
            </div>
          ) : null}
          {done ? (
            <Link href={`/w/${ws.slug}/customers`} className="mt-5 inline-block text-sm font-medium text-indigo-600 hover:underline">
              See your customers
            </Link>
          ) : null}
          {run.error ? <ErrorMessage>{errorMessage(run.error)}</ErrorMessage> : null}
        </Card>
      ) : null}

      {!done ? (
        <>
          <div className="mb-4 grid max-w-4xl gap-4 sm:grid-cols-4">
            <Field label="Match customers by">
              {(p) => (
                <Select {...p} value={matchKey} disabled={!canEdit} onChange={(e) => setMatchKey(e.target.value as MatchKey)}>
                  <option value="email">Email</option>
                  <option value="externalId">External ID</option>
                </Select>
              )}
            </Field>
            <Field label="Mode">
              {(p) => (
                <Select {...p} value={mode} disabled={!canEdit} onChange={(e) => setMode(e.target.value as Mode)}>
                  {(Object.keys(modeLabels) as Mode[]).map((m) => (
                    <option key={m} value={m}>
                      {modeLabels[m]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Separator">
              {(p) => (
                <Select {...p} value={delimiter} disabled={!canEdit} onChange={(e) => setDelimiter(e.target.value)}>
                  {Object.entries(delimiterLabels).map(([d, label]) => (
                    <option key={d} value={d}>
                      {label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Encoding" hint={j.fileInfo.bom ? "The file starts with a UTF-8 BOM." : undefined}>
              {(p) => (
                <Select {...p} value={encoding} disabled={!canEdit} onChange={(e) => setEncoding(e.target.value as "utf-8")}>
                  <option value="utf-8">UTF-8</option>
                  <option value="windows-1252">Windows-1252 (Excel)</option>
                </Select>
              )}
            </Field>
          </div>
          <MappingTable header={j.fileInfo.header} sample={j.fileInfo.sample} mapping={mapping} attributes={attrs.data ?? []} disabled={!canEdit} onChange={setMapping} />
          <p className="mt-2 text-sm text-slate-500">
            Blank cells leave existing values as they are. IDs written as numbers like 17850.0 are read as 17850. New attributes of type &ldquo;One of a
            list&rdquo; take the values found in the file.
          </p>
          {dryRun.error ? (
            <div className="mt-3">
              <ErrorMessage>{errorMessage(dryRun.error)}</ErrorMessage>
            </div>
          ) : null}
          {canEdit ? (
            <Button className="mt-4" variant={j.status === "checked" ? "secondary" : "primary"} pending={dryRun.isPending} onClick={() => dryRun.mutate({ workspaceId: ws.id, jobId, settings })}>
              {j.status === "checked" ? "Check again with these settings" : "Check the file (dry run)"}
            </Button>
          ) : null}
          {j.status === "failed" && !j.dryRun && ws.can("editor") ? (
            <Button className="ml-2 mt-4" onClick={() => run.mutate({ workspaceId: ws.id, jobId })} pending={run.isPending}>
              Run the import again
            </Button>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function JobProgress({ progress, dryRun }: { progress: { bytesRead: number; totalBytes: number; rowsRead: number; phase: string } | null; dryRun: boolean }) {
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
      <div className="mt-2 h-2 rounded bg-slate-100" role="progressbar" aria-label={dryRun ? "Check progress" : "Import progress"} aria-valuenow={Math.round(share * 100)} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-2 rounded bg-indigo-600 transition-all" style={{ width: `${share * 100}%` }} />
      </div>
      <p className="mt-2 text-xs text-slate-500">You can leave this page; the work goes on and the progress is here when you come back.</p>
    </Card>
  );
}
