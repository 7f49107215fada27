"use client";
import { useQuery } from "@tanstack/react-query";
import { Card, ErrorMessage, Spinner } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

/** Pairwise overlaps of the chosen segments, and the members only one of them has. */
export function Overlap({ segmentIds }: { segmentIds: string[] }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const o = useQuery(trpc.segment.overlap.queryOptions({ workspaceId: ws.id, segmentIds }));
  return (
    <Card className="mt-6">
      <h2 className="text-lg font-semibold">Overlap</h2>
      <p className="text-sm text-slate-500">
        Members shared by each pair, as of each segment&apos;s last refresh less anyone erased since; the diagonal is the segment&apos;s
        size.
      </p>
      {o.isPending ? <Spinner className="mt-2 text-slate-400" /> : null}
      {o.error ? <ErrorMessage>{errorMessage(o.error)}</ErrorMessage> : null}
      {o.data ? (
        <div className="mt-3 overflow-x-auto">
          <table className="text-sm" aria-label="Overlap matrix">
            <thead>
              <tr>
                <th />
                {o.data.segments.map((s) => (
                  <th key={s.id} scope="col" className="px-3 py-1 text-left font-medium">
                    {s.name}
                  </th>
                ))}
                <th scope="col" className="px-3 py-1 text-left font-medium">
                  Only in this one
                </th>
              </tr>
            </thead>
            <tbody>
              {o.data.segments.map((row, i) => (
                <tr key={row.id}>
                  <th scope="row" className="px-3 py-1 text-left font-medium">
                    {row.name}
                  </th>
                  {o.data.matrix[i]!.map((n, j) => (
                    <td key={j} className={`px-3 py-1 ${i === j ? "bg-slate-50 font-semibold" : ""}`}>
                      {n.toLocaleString()}
                      {i !== j && row.size ? (
                        <span className="ml-1 text-xs text-slate-500">({Math.round((n / row.size) * 100)}%)</span>
                      ) : null}
                    </td>
                  ))}
                  <td className="px-3 py-1">{row.exclusive.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
