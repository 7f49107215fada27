"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge, EmptyState, ErrorMessage, Input, PageHeader, Select, Spinner } from "@facet/ui";
import { campaignChannelLabels, campaignStatusLabels, campaignStatuses } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { CampaignCalendar } from "./calendar";

type Status = (typeof campaignStatuses)[number];

/** Campaigns as a list (search, status, pages) or a month calendar. */
export function CampaignList() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const [view, setView] = useState<"list" | "calendar">("list");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const list = useQuery(
    trpc.campaign.list.queryOptions(
      {
        workspaceId: ws.id,
        q,
        status: status || undefined,
        limit: view === "calendar" ? 100 : 25,
        cursor: view === "calendar" ? null : cursors[cursors.length - 1],
      },
      { placeholderData: keepPreviousData },
    ),
  );
  const items = list.data?.items ?? [];
  const newLink = ws.can("editor") ? (
    <Link
      href={`/w/${ws.slug}/campaigns/new`}
      className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
    >
      New campaign
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Campaigns" description="Messages tailored per segment, and how they performed." actions={newLink} />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <Input
          type="search"
          aria-label="Search campaigns"
          placeholder="Search by name"
          className="max-w-xs"
          value={q}
          onChange={(e) => (setQ(e.target.value), setCursors([null]))}
        />
        <Select
          aria-label="Status"
          className="w-40"
          value={status}
          onChange={(e) => (setStatus(e.target.value as Status | ""), setCursors([null]))}
        >
          <option value="">All but archived</option>
          {campaignStatuses.map((s) => (
            <option key={s} value={s}>
              {campaignStatusLabels[s]}
            </option>
          ))}
        </Select>
        <div className="ml-auto flex gap-1 text-sm" role="group" aria-label="View">
          {(["list", "calendar"] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              className={`rounded-md px-3 py-1.5 ${view === v ? "bg-indigo-50 text-indigo-800" : "text-slate-600 hover:bg-slate-50"}`}
              onClick={() => setView(v)}
            >
              {v === "list" ? "List" : "Calendar"}
            </button>
          ))}
        </div>
        {list.isFetching ? <Spinner className="text-slate-400" /> : null}
      </div>
      {list.error ? <ErrorMessage>{errorMessage(list.error)}</ErrorMessage> : null}
      {list.isSuccess && items.length === 0 && !q && !status ? (
        <EmptyState title="No campaigns yet" action={newLink}>
          A campaign targets segments with a message for each, holds some customers out, and shows whether it worked.
        </EmptyState>
      ) : view === "calendar" ? (
        <CampaignCalendar campaigns={items} hrefOf={(id) => `/w/${ws.slug}/campaigns/${id}`} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2 font-medium">Campaign</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">Channel</th>
                <th className="px-3 py-2 font-medium">Dates</th>
                <th className="px-3 py-2 font-medium">Audience</th>
                <th className="px-3 py-2 font-medium">Owner</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((c) => (
                <tr key={c.id}>
                  <td className="px-3 py-2">
                    <Link href={`/w/${ws.slug}/campaigns/${c.id}`} className="font-medium text-indigo-700 hover:underline">
                      {c.name}
                    </Link>
                    <div className="text-xs text-slate-500">{c.segments.join(", ") || "no segments yet"}</div>
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={c.status === "running" ? "green" : "slate"}>{campaignStatusLabels[c.status]}</Badge>
                  </td>
                  <td className="px-3 py-2">{campaignChannelLabels[c.channel]}</td>
                  <td className="px-3 py-2 text-slate-600">{c.startsOn || c.endsOn ? `${c.startsOn ?? "…"} – ${c.endsOn ?? "…"}` : "—"}</td>
                  <td className="px-3 py-2">{c.launchedAt ? c.audienceSize.toLocaleString() : "not launched"}</td>
                  <td className="px-3 py-2 text-slate-600">{c.owner ?? "—"}</td>
                </tr>
              ))}
              {items.length === 0 ? (
                <tr>
                  <td colSpan={6} className="px-3 py-6 text-center text-slate-500">
                    No campaigns match.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
      {view === "list" ? (
        <div className="mt-3 flex gap-3 text-sm">
          {cursors.length > 1 ? (
            <button type="button" className="text-indigo-700 hover:underline" onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous
            </button>
          ) : null}
          {list.data?.nextCursor ? (
            <button
              type="button"
              className="text-indigo-700 hover:underline"
              onClick={() => setCursors([...cursors, list.data.nextCursor])}
            >
              Next
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
