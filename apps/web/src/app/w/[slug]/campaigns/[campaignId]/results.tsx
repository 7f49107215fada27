"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { Card, ErrorMessage, Input, Spinner } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { percent } from "~/components/format";

const pct = (x: number) => percent(x, 1);
const evidenceWords = { lift: "lift", drop: "drop", unclear: "could be chance" } as const;
const evidenceTone = { lift: "text-green-700", drop: "text-red-700", unclear: "text-slate-500" } as const;
const pts = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} pts`;

/** Conversions per variant and for the holdout, with uplift and its 95% interval, and a verdict in words. */
export function CampaignResults({ campaignId, defaults }: { campaignId: string; defaults: { event: string; days: number } }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [event, setEvent] = useState(defaults.event);
  const [days, setDays] = useState(defaults.days);
  const results = useQuery(
    trpc.campaign.results.queryOptions(
      { workspaceId: ws.id, campaignId, conversionEvent: event || undefined, conversionWindowDays: days },
      { placeholderData: keepPreviousData, retry: false },
    ),
  );
  const r = results.data;
  return (
    <Card>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 className="text-lg font-semibold">Results</h2>
        <div className="flex items-end gap-2 text-sm">
          <label className="space-y-1">
            <span className="block text-xs text-slate-500">Conversion event</span>
            <Input className="w-36" value={event} onChange={(e) => setEvent(e.target.value)} aria-label="Conversion event" />
          </label>
          <label className="space-y-1">
            <span className="block text-xs text-slate-500">Window (days)</span>
            <Input
              className="w-20"
              type="number"
              min={1}
              max={365}
              value={days}
              onChange={(e) => setDays(Math.max(1, Math.min(365, Math.round(Number(e.target.value) || 1))))}
              aria-label="Window in days"
            />
          </label>
          {results.isFetching ? <Spinner className="mb-2 text-slate-400" /> : null}
        </div>
      </div>
      {results.error ? <ErrorMessage>{errorMessage(results.error)}</ErrorMessage> : null}
      {r ? (
        <>
          <p className="mt-3 rounded-md bg-slate-50 p-3 text-sm font-medium text-slate-800" data-testid="verdict">
            {r.verdict}
          </p>
          <table className="mt-3 w-full text-sm" aria-label="Results per variant">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="py-1 font-medium">Variant</th>
                <th className="py-1 font-medium">Group</th>
                <th className="py-1 text-right font-medium">Audience</th>
                <th className="py-1 text-right font-medium">Converters</th>
                <th className="py-1 text-right font-medium">Rate</th>
                <th className="py-1 text-right font-medium">Revenue</th>
                <th className="py-1 text-right font-medium">Uplift (95% CI)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {[
                ...r.variants.map((v) => ({ name: v.segmentName, ...v })),
                { name: "All variants", segmentId: "all", treated: r.treated, holdout: r.holdout, uplift: r.uplift },
              ].map((v) => (
                <Fragment key={v.segmentId}>
                  <tr>
                    <td className="py-1 font-medium">{v.name}</td>
                    <td className="py-1">Targeted</td>
                    <td className="py-1 text-right">{v.treated.audience.toLocaleString()}</td>
                    <td className="py-1 text-right">{v.treated.converters.toLocaleString()}</td>
                    <td className="py-1 text-right">{pct(v.treated.rate)}</td>
                    <td className="py-1 text-right">{v.treated.revenue.toLocaleString(undefined, { maximumFractionDigits: 2 })}</td>
                    <td className="py-1 text-right" rowSpan={2} data-testid={`uplift-${v.segmentId}`} data-evidence={v.uplift?.evidence}>
                      {v.uplift ? (
                        <>
                          {pts(v.uplift.difference)} ({pts(v.uplift.low)} to {pts(v.uplift.high)})
                          <span className={`block text-xs ${evidenceTone[v.uplift.evidence]}`}>{evidenceWords[v.uplift.evidence]}</span>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                  <tr className="text-slate-500">
                    <td />
                    <td className="py-1">Holdout</td>
                    <td className="py-1 text-right">{v.holdout.audience.toLocaleString()}</td>
                    <td className="py-1 text-right">{v.holdout.converters.toLocaleString()}</td>
                    <td className="py-1 text-right">{pct(v.holdout.rate)}</td>
                    <td className="py-1 text-right">{v.holdout.revenue.toLocaleString(undefined, { maximumFractionDigits: 2 })}</td>
                  </tr>
                </Fragment>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500">
            Converted: did &ldquo;{r.conversionEvent}&rdquo; from launch ({r.from.toLocaleString()}) until {r.to.toLocaleString()}. Each
            variant is compared with the held-out members of its own segment.
          </p>
          <p className="mt-1 text-xs text-slate-500" data-testid="evidence-rule">
            One rule decides the summary and every row: the uplift is the difference of conversion rates, and its 95% interval
            (Newcombe&apos;s score method, reliable even with few conversions) must lie wholly above zero to count as a lift, or wholly
            below to count as a drop. An interval that includes zero means the difference could be chance.
          </p>
        </>
      ) : null}
    </Card>
  );
}
