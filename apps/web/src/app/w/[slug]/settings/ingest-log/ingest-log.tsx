"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button, Card, EmptyState, ErrorMessage, Field, Select, Spinner } from "@facet/ui";
import { ingestLogKeptPerKey } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

/** Messages the tracking API refused, newest first, per key or for all keys. Admins only. */
export function IngestLog() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const admin = ws.can("admin");
  const [apiKeyId, setApiKeyId] = useState("");
  const keys = useQuery(trpc.apiKey.list.queryOptions({ workspaceId: ws.id }, { enabled: admin }));
  const log = useInfiniteQuery(
    trpc.ingestLog.list.infiniteQueryOptions(
      { workspaceId: ws.id, apiKeyId: apiKeyId || null, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor, enabled: admin },
    ),
  );
  if (!admin) return <EmptyState title="Admins only">Ask an admin of this workspace for the ingest log.</EmptyState>;
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="max-w-5xl space-y-4">
      <p className="text-sm text-slate-600">
        Messages the tracking API refused, with the reason, so you can fix what sends them. The other messages of the same call were stored.
        The latest {ingestLogKeptPerKey} per key are kept.
      </p>
      <div className="w-72">
        <Field label="Key">
          {(p) => (
            <Select {...p} value={apiKeyId} onChange={(e) => setApiKeyId(e.target.value)}>
              <option value="">All keys</option>
              {keys.data?.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name} ({k.prefix}…){k.revokedAt ? ", revoked" : ""}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {log.error ? <ErrorMessage>{errorMessage(log.error)}</ErrorMessage> : null}
      {log.isPending ? <Spinner className="text-slate-400" /> : null}
      {!log.isPending && !log.error && rows.length === 0 ? (
        <EmptyState title="No refused messages">
          When a call to the tracking API carries a message Facet can&apos;t store, it appears here with the reason. Send data with a key
          from{" "}
          <Link className="text-indigo-600 hover:underline" href={`/w/${ws.slug}/settings/api-keys`}>
            API keys
          </Link>
          .
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Card>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="py-2 pr-4 font-medium">When</th>
                <th className="py-2 pr-4 font-medium">Key</th>
                <th className="py-2 pr-4 font-medium">Message</th>
                <th className="py-2 font-medium">Reason</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="ingest-log-rows">
              {rows.map((row) => (
                <tr key={row.id} className="align-top">
                  <td className="whitespace-nowrap py-2 pr-4 text-slate-500">{row.receivedAt.toLocaleString()}</td>
                  <td className="py-2 pr-4">{row.apiKeyName}</td>
                  <td className="py-2 pr-4">
                    {row.position === null ? (
                      <span>whole {row.call} call</span>
                    ) : (
                      <span>
                        {row.messageType ?? "unknown type"}
                        {row.call === "batch" ? <span className="text-slate-500"> #{row.position + 1} of a batch</span> : null}
                      </span>
                    )}
                    {row.messageId ? <div className="font-mono text-xs text-slate-500">{row.messageId}</div> : null}
                  </td>
                  <td className="break-all py-2 font-mono text-xs">{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.hasNextPage ? (
            <Button variant="secondary" className="mt-4" onClick={() => log.fetchNextPage()} pending={log.isFetchingNextPage}>
              Load older entries
            </Button>
          ) : (
            <p className="mt-4 text-sm text-slate-500">That is every refused message kept.</p>
          )}
        </Card>
      ) : null}
    </div>
  );
}
