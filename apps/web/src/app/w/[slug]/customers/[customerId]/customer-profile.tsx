"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Card, Dialog, EmptyState, ErrorMessage, Spinner } from "@facet/ui";
import { CustomerSegments } from "./customer-segments";
import { dimensionLabels, dimensions } from "@facet/validators";
import { formatValue } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { useAttributes } from "../use-attributes";
import { EditCustomer } from "./edit-customer";
import { SegmentHistory } from "./segment-history";

export function CustomerProfile({ customerId }: { customerId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const attrs = useAttributes();
  const customer = useQuery(trpc.customer.byId.queryOptions({ workspaceId: ws.id, customerId }));
  const timeline = useInfiniteQuery(
    trpc.customer.events.infiniteQueryOptions({ workspaceId: ws.id, customerId, limit: 20 }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const remove = useMutation(
    trpc.customer.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Customer erased");
        void queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
        router.push(`/w/${ws.slug}/customers`);
      },
    }),
  );
  const exportJson = async () => {
    const data = await queryClient.fetchQuery(trpc.customer.export.queryOptions({ workspaceId: ws.id, customerId }));
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: `customer-${customerId}.json` });
    a.click();
    URL.revokeObjectURL(url);
  };

  if (customer.error) return <ErrorMessage>{errorMessage(customer.error)}</ErrorMessage>;
  if (customer.isPending || attrs.isPending) return <Spinner className="text-slate-400" />;
  const c = customer.data;
  const title = c.name || c.email || c.externalId || c.id;

  return (
    <>
      <Link href={`/w/${ws.slug}/customers`} className="text-sm text-indigo-600 hover:underline">
        ← Customers
      </Link>
      <div className="mb-6 mt-2 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{title}</h1>
          <p className="text-sm text-slate-600">
            {[c.email, c.externalId && `ID ${c.externalId}`].filter(Boolean).join(" · ")} · added {c.createdAt.toLocaleDateString()}
          </p>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => void exportJson()}>
            <Download className="h-4 w-4" aria-hidden /> Export JSON
          </Button>
          {ws.can("editor") ? (
            <>
              <Button variant="secondary" onClick={() => setEditing(true)}>
                <Pencil className="h-4 w-4" aria-hidden /> Edit
              </Button>
              <Button variant="danger" onClick={() => setDeleting(true)}>
                <Trash2 className="h-4 w-4" aria-hidden /> Delete
              </Button>
            </>
          ) : null}
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="grid gap-4 sm:grid-cols-2">
          {dimensions.map((d) => {
            const inDimension = (attrs.data ?? []).filter((a) => a.dimension === d);
            if (inDimension.length === 0) return null;
            return (
              <Card key={d}>
                <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{dimensionLabels[d]}</h2>
                <dl className="mt-3 space-y-2 text-sm">
                  {inDimension.map((a) => (
                    <div key={a.key} className="flex justify-between gap-4">
                      <dt className="text-slate-600">{a.label}</dt>
                      <dd className="text-right font-medium">{formatValue(c.values[a.key], a.type)}</dd>
                    </div>
                  ))}
                </dl>
              </Card>
            );
          })}
        </div>
        <CustomerSegments customerId={customerId} attributes={attrs.data ?? []} />
        <SegmentHistory customerId={customerId} />
        <Card>
          <h2 className="text-lg font-semibold">Events</h2>
          {timeline.isPending ? <Spinner className="mt-3 text-slate-400" /> : null}
          {timeline.data && timeline.data.pages[0]?.items.length === 0 ? (
            <EmptyState title="No events yet">
              Purchases and other events appear here once they are imported or sent to the ingest API.
            </EmptyState>
          ) : null}
          <ol className="mt-3 space-y-3 text-sm">
            {timeline.data?.pages
              .flatMap((p) => p.items)
              .map((e) => (
                <li key={e.id} className="border-l-2 border-indigo-200 pl-3">
                  <p className="font-medium">
                    {e.name}
                    {e.revenue ? (
                      <span className="ml-2 text-slate-600">
                        {Number(e.revenue).toLocaleString(undefined, { style: "currency", currency: "USD" })}
                      </span>
                    ) : null}
                  </p>
                  <p className="text-slate-500">{e.occurredAt.toLocaleString()}</p>
                </li>
              ))}
          </ol>
          {timeline.hasNextPage ? (
            <Button
              variant="secondary"
              size="sm"
              className="mt-4"
              onClick={() => timeline.fetchNextPage()}
              pending={timeline.isFetchingNextPage}
            >
              Older events
            </Button>
          ) : null}
        </Card>
      </div>
      {editing && <EditCustomer open onClose={() => setEditing(false)} customer={c} attributes={attrs.data ?? []} />}
      <Dialog open={deleting} onClose={() => setDeleting(false)} title="Erase this customer?">
        <p className="text-sm text-slate-600">
          {title} and all their events are erased for good, as a data-deletion request requires. Export their data first if they asked for a
          copy. The audit log keeps only their id.
        </p>
        {remove.error ? <ErrorMessage>{errorMessage(remove.error)}</ErrorMessage> : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setDeleting(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={remove.isPending}
            onClick={() => remove.mutate({ workspaceId: ws.id, customerIds: [customerId] })}
          >
            Erase
          </Button>
        </div>
      </Dialog>
    </>
  );
}
