"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Card, EmptyState, ErrorMessage, Spinner } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { describeAuditEntry } from "./describe";

export function AuditLog() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.auditLog.list.infiniteQueryOptions(
      { workspaceId: ws.id, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor, enabled: ws.can("admin") },
    ),
  );
  if (!ws.can("admin")) return <EmptyState title="Admins only">Ask an admin of this workspace for the audit log.</EmptyState>;
  if (log.error) return <ErrorMessage>{errorMessage(log.error)}</ErrorMessage>;
  if (log.isPending) return <Spinner className="text-slate-400" />;
  const rows = log.data.pages.flatMap((p) => p.items);
  return (
    <Card className="max-w-4xl">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="py-2 font-medium">When</th>
            <th className="py-2 font-medium">Who</th>
            <th className="py-2 font-medium">What</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100" data-testid="audit-rows">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="whitespace-nowrap py-2 pr-4 text-slate-500">{row.createdAt.toLocaleString()}</td>
              <td className="py-2 pr-4">
                {row.actorKind === "apiKey" ? `API key "${row.actorName}"` : (row.actorEmail ?? row.actorName ?? "Facet")}
              </td>
              <td className="py-2">{describeAuditEntry(row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.hasNextPage ? (
        <Button variant="secondary" className="mt-4" onClick={() => log.fetchNextPage()} pending={log.isFetchingNextPage}>
          Load older entries
        </Button>
      ) : (
        <p className="mt-4 text-sm text-slate-500">That is everything since the workspace was created.</p>
      )}
    </Card>
  );
}
