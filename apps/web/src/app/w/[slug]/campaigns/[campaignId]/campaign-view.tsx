"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Badge, Button, Card, Dialog, ErrorMessage, PageHeader, Select, Spinner } from "@facet/ui";
import { campaignChannelLabels, campaignStatusLabels } from "@facet/validators";
import { plural } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { CampaignEditor } from "../campaign-editor";
import { CampaignResults } from "./results";

/** A campaign: planned (editable, then launched) or launched (audience, delivery, results). */
export function CampaignView({ campaignId }: { campaignId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { workspaceId: ws.id, campaignId };
  const c = useQuery(trpc.campaign.byId.queryOptions(input));
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
  const launch = useMutation(
    trpc.campaign.launch.mutationOptions({
      onSuccess: (l) => (
        toast.success(`Launched: ${plural(l.audienceSize, "customer")}, ${l.holdoutSize.toLocaleString()} held out`),
        setConfirming(false),
        void refresh()
      ),
      // The audience changed since it was counted (the server launched nothing): count it again.
      onError: () => void refresh(),
    }),
  );
  const setStatus = useMutation(
    trpc.campaign.setStatus.mutationOptions({
      onSuccess: (s) => (toast.success(`Campaign ${campaignStatusLabels[s.status].toLowerCase()}`), void refresh()),
    }),
  );
  const size = useQuery(
    trpc.campaign.audienceSize.queryOptions(
      {
        workspaceId: ws.id,
        include: c.data?.include.map((t) => t.segmentId) ?? [],
        exclude: c.data?.exclude.map((t) => t.segmentId) ?? [],
      },
      // Counted afresh each time the dialog opens, from the targets as saved (not while they reload after a save).
      { enabled: confirming && !c.isFetching, staleTime: 0 },
    ),
  );
  // What Launch freezes, once counted for exactly these targets; Launch sends it, and the server
  // launches nothing if the audience is no longer this size.
  const confirmedSize = confirming && !c.isFetching && size.isSuccess && !size.isFetching ? size.data.size : null;

  if (c.error) return <ErrorMessage>{errorMessage(c.error)}</ErrorMessage>;
  if (!c.data) return <Spinner className="text-slate-400" />;
  const d = c.data;
  const canEdit = ws.can("editor");
  const dates = d.startsOn || d.endsOn ? `${d.startsOn ?? "…"} to ${d.endsOn ?? "…"}` : "no dates";
  // Campaign dates are days in UTC; one that starts later launches by itself then (if scheduled).
  const early = !!d.startsOn && d.startsOn > new Date().toISOString().slice(0, 10);
  return (
    <>
      <Link href={`/w/${ws.slug}/campaigns`} className="text-sm text-indigo-600 hover:underline">
        ← Campaigns
      </Link>
      <PageHeader
        title={d.name}
        description={`${campaignChannelLabels[d.channel]} · ${dates} · owner ${d.owner ?? "nobody yet"}${d.goal ? ` · ${d.goal}` : ""}`}
        actions={
          <div className="flex items-center gap-2">
            <Badge tone={d.status === "running" ? "green" : d.status === "archived" ? "amber" : "slate"}>
              {campaignStatusLabels[d.status]}
            </Badge>
            {canEdit && !d.launchedAt ? <Button onClick={() => (launch.reset(), setConfirming(true))}>Launch…</Button> : null}
            {canEdit && d.launchedAt && d.status === "running" ? (
              <Button variant="secondary" onClick={() => setStatus.mutate({ ...input, status: "completed" })}>
                Mark completed
              </Button>
            ) : null}
            {canEdit && d.status !== "archived" ? (
              <Button variant="ghost" onClick={() => setStatus.mutate({ ...input, status: "archived" })}>
                Archive
              </Button>
            ) : null}
          </div>
        }
      />
      {setStatus.error ? <ErrorMessage>{errorMessage(setStatus.error)}</ErrorMessage> : null}
      {d.launchedAt ? (
        <Launched campaignId={campaignId} />
      ) : (
        <CampaignEditor
          key={d.updatedAt.toISOString()}
          campaign={{ ...d, include: d.include, exclude: d.exclude, startsOn: d.startsOn, endsOn: d.endsOn }}
        />
      )}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={early ? "Launch before its start date?" : "Launch this campaign?"}
      >
        {early ? (
          <p className="mb-2 text-sm text-amber-700" data-testid="launch-early">
            This campaign is dated to start on {d.startsOn}
            {d.status === "scheduled" ? " and launches by itself then" : ""}. Launching now starts it early.
          </p>
        ) : null}
        <p className="text-sm text-slate-600">
          Launching freezes the audience as the segments are now:{" "}
          <strong data-testid="launch-audience-size" aria-busy={confirmedSize === null}>
            {confirmedSize === null ? "…" : plural(confirmedSize, "customer")}
          </strong>
          {d.holdoutPercent
            ? `, of whom about ${d.holdoutPercent}% are held out at random to measure it`
            : " and no holdout, so results can't show uplift"}
          . Messages can&apos;t be edited afterwards. Unsaved edits are not included.
        </p>
        {launch.error ? (
          <div className="mt-3">
            <ErrorMessage>{errorMessage(launch.error)}</ErrorMessage>
          </div>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            pending={launch.isPending}
            disabled={confirmedSize === null}
            onClick={() => confirmedSize !== null && launch.mutate({ ...input, audienceSize: confirmedSize, early })}
          >
            {early ? "Launch now" : "Launch"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}

function Launched({ campaignId }: { campaignId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { workspaceId: ws.id, campaignId };
  const c = useQuery(trpc.campaign.byId.queryOptions(input));
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const audience = useQuery(
    trpc.campaign.audience.queryOptions(
      { ...input, limit: 25, cursor: cursors[cursors.length - 1] },
      { placeholderData: keepPreviousData },
    ),
  );
  const destinations = useQuery(trpc.destination.list.queryOptions({ workspaceId: ws.id }));
  const deliveries = useQuery(
    trpc.campaign.deliveries.queryOptions(input, {
      refetchInterval: (q) => (q.state.data?.some((x) => x.status === "pending") ? 2000 : false),
    }),
  );
  const [destinationId, setDestinationId] = useState("");
  const deliver = useMutation(
    trpc.campaign.deliver.mutationOptions({
      onSuccess: () => (
        toast.success("Delivery queued"),
        void queryClient.invalidateQueries({ queryKey: trpc.campaign.deliveries.queryKey(input) })
      ),
    }),
  );
  if (!c.data) return null;
  const d = c.data;
  const names = new Map(d.include.map((t) => [t.segmentId, t.name]));
  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm" data-testid="launched-audience">
            Launched {d.launchedAt!.toLocaleString()} to <strong>{plural(d.audienceSize, "customer")}</strong>,{" "}
            {d.holdoutSize.toLocaleString()} held out.
          </p>
          <div className="flex gap-2 text-sm">
            <a
              className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50"
              href={`/api/w/${ws.id}/campaigns/${campaignId}/audience`}
            >
              Download audience (CSV)
            </a>
            <a
              className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50"
              href={`/api/w/${ws.id}/campaigns/${campaignId}/audience?layout=ads`}
            >
              Ad platform list (hashed emails)
            </a>
            <a
              className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50"
              href={`/api/w/${ws.id}/campaigns/${campaignId}/audience?layout=holdout`}
            >
              Holdout list (CSV)
            </a>
          </div>
        </div>
        <p className="mt-2 text-xs text-slate-500">
          The audience and ad lists hold only the customers who get the message, each with it filled in for them; the held-out customers
          stay in Facet (their list is for analysis).
        </p>
        <p className="mt-2 text-xs text-slate-500">
          Targeted: {d.include.map((t) => t.name).join(", ")}
          {d.exclude.length ? `; except ${d.exclude.map((t) => t.name).join(", ")}` : ""}.
        </p>
      </Card>

      <CampaignResults campaignId={campaignId} defaults={{ event: d.conversionEvent, days: d.conversionWindowDays }} />

      <Card>
        <h2 className="text-lg font-semibold">Deliver to a destination</h2>
        {destinations.data?.length ? (
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <Select aria-label="Destination" className="w-64" value={destinationId} onChange={(e) => setDestinationId(e.target.value)}>
              <option value="">Choose a destination…</option>
              {destinations.data.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </Select>
            <Button
              disabled={!destinationId || !ws.can("editor")}
              pending={deliver.isPending}
              onClick={() => deliver.mutate({ ...input, destinationId })}
            >
              Send the audience
            </Button>
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-500">
            No destinations yet.{" "}
            {ws.can("admin") ? (
              <Link className="text-indigo-700 hover:underline" href={`/w/${ws.slug}/settings/destinations`}>
                Add a webhook
              </Link>
            ) : (
              "An admin can add a webhook in Settings."
            )}
          </p>
        )}
        {deliver.error ? <ErrorMessage>{errorMessage(deliver.error)}</ErrorMessage> : null}
        <ul className="mt-3 space-y-2 text-sm">
          {deliveries.data?.map((x) => (
            <li key={x.id} className="rounded-md border border-slate-100 p-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  {x.destination}:{" "}
                  <Badge tone={x.status === "succeeded" ? "green" : x.status === "failed" ? "amber" : "slate"}>{x.status}</Badge>{" "}
                  {x.batchesDone}/{x.batchesTotal} batches
                </span>
                <span className="text-xs text-slate-500">
                  {x.createdAt.toLocaleString()}
                  {x.status === "pending" && x.attempts ? ` · retrying ${x.nextAttemptAt.toLocaleTimeString()}` : ""}
                </span>
              </div>
              {x.lastError ? <p className="text-xs text-red-700">{x.lastError}</p> : null}
              {x.log.length ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-slate-500">Delivery log ({x.log.length})</summary>
                  <ul className="mt-1 text-xs">
                    {x.log.map((l, i) => (
                      <li key={i}>
                        {l.at.toLocaleTimeString()} batch {l.batch}: {l.statusCode ?? "no answer"} {l.error ?? "ok"} ({l.durationMs} ms)
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Audience</h2>
        <table className="mt-2 w-full text-sm" aria-label="Audience">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1 font-medium">Customer</th>
              <th className="py-1 font-medium">Variant</th>
              <th className="py-1 font-medium">Group</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {audience.data?.items.map((a) => (
              <tr key={a.id}>
                <td className="py-1">
                  <Link className="text-indigo-700 hover:underline" href={`/w/${ws.slug}/customers/${a.id}`}>
                    {a.name ?? a.email ?? a.externalId ?? a.id}
                  </Link>
                </td>
                <td className="py-1">{names.get(a.segmentId) ?? "—"}</td>
                <td className="py-1">{a.holdout ? "Holdout" : "Targeted"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-2 flex items-center gap-3 text-sm">
          <Button variant="ghost" size="sm" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </Button>
          <span className="text-slate-500">Page {cursors.length}</span>
          <Button
            variant="ghost"
            size="sm"
            disabled={!audience.data?.nextCursor}
            onClick={() => setCursors([...cursors, audience.data!.nextCursor!])}
          >
            Next
          </Button>
        </div>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Messages</h2>
        <ul className="mt-2 space-y-3 text-sm">
          {d.variants.map((v) => (
            <li key={v.segmentId ?? "default"}>
              <p className="text-xs text-slate-500">{v.segmentId ? names.get(v.segmentId) : "Default"}</p>
              <p className="font-medium">{v.subject || "(no subject)"}</p>
              {v.body ? <p className="whitespace-pre-line text-slate-700">{v.body}</p> : null}
            </li>
          ))}
          {d.variants.length === 0 ? <li className="text-slate-500">No messages were written.</li> : null}
        </ul>
      </Card>
    </div>
  );
}
