"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card, ErrorMessage, PageHeader, Spinner } from "@facet/ui";
import { Avatar } from "~/components/persona/avatar";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { figure, percent } from "~/components/format";

const pct = (x: number) => percent(x, 1);
const num = figure;

/** Two to four personas on the same figures, one column each. */
export function PersonaCompare({ segmentIds }: { segmentIds: string[] }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const cards = useQuery(trpc.persona.compare.queryOptions({ workspaceId: ws.id, segmentIds }, { retry: false }));
  const rows: [string, (c: NonNullable<typeof cards.data>[number]) => string][] = [
    ["Members", (c) => c.computed.headline.size.toLocaleString()],
    ["Share of customers", (c) => pct(c.computed.headline.share)],
    ["Average lifetime value", (c) => num(c.computed.headline.lifetimeValue.segment)],
    ["Median lifetime value", (c) => num(c.computed.headline.lifetimeValue.segmentMedian)],
    ["Orders per customer", (c) => num(c.computed.headline.orders.segment)],
    [
      "Days since last purchase (median)",
      (c) => (c.computed.headline.daysSinceLastPurchase ? num(c.computed.headline.daysSinceLastPurchase.segment) : "—"),
    ],
  ];
  return (
    <>
      <Link href={`/w/${ws.slug}/personas`} className="text-sm text-indigo-600 hover:underline">
        ← Personas
      </Link>
      <PageHeader title="Compare personas" />
      {cards.error ? <ErrorMessage>{errorMessage(cards.error)}</ErrorMessage> : null}
      {cards.isPending ? <Spinner className="text-slate-400" /> : null}
      {cards.data ? (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm" aria-label="Personas compared">
            <thead>
              <tr>
                <th className="w-48" />
                {cards.data.map((c) => (
                  <th key={c.segment.id} className="px-3 py-2 text-left align-top">
                    <div className="flex items-center gap-2">
                      <Avatar name={c.written.name} src={c.written.avatar || undefined} size={36} />
                      <Link href={`/w/${ws.slug}/personas/${c.segment.id}`} className="font-semibold text-indigo-700 hover:underline">
                        {c.written.name}
                      </Link>
                    </div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-600">
                    {label}
                  </th>
                  {cards.data.map((c) => (
                    <td key={c.segment.id} className="px-3 py-2">
                      {value(c)}
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row" className="py-2 pr-3 text-left align-top font-medium text-slate-600">
                  What sets them apart
                </th>
                {cards.data.map((c) => (
                  <td key={c.segment.id} className="px-3 py-2 align-top">
                    <ul className="space-y-1 text-xs">
                      {c.computed.standouts.slice(0, 5).map((s, i) => (
                        <li key={i}>
                          {s.kind === "category"
                            ? `${s.label} "${s.value}" ${pct(s.segment)} vs ${pct(s.base)}`
                            : `${s.label} avg ${num(s.segmentMean)} vs ${num(s.baseMean)}`}
                        </li>
                      ))}
                    </ul>
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row" className="py-2 pr-3 text-left align-top font-medium text-slate-600">
                  Goals
                </th>
                {cards.data.map((c) => (
                  <td key={c.segment.id} className="px-3 py-2 align-top text-xs">
                    {c.written.goals.join("; ") || "—"}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </Card>
      ) : null}
    </>
  );
}
