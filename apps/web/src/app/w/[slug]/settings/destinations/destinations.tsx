"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Card, Checkbox, Dialog, EmptyState, ErrorMessage, Field, Input } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

/** Webhook destinations for campaign audiences, and whether private addresses are allowed. Admins only. */
export function Destinations() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.destination.list.queryOptions({ workspaceId: ws.id }, { enabled: ws.can("admin") }));
  const settings = useQuery(trpc.destination.settings.queryOptions({ workspaceId: ws.id }, { enabled: ws.can("admin") }));
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.destination.pathKey() });
  const create = useMutation(
    trpc.destination.create.mutationOptions({
      onSuccess: (d) => (toast.success(`Destination "${d.name}" added`), setName(""), setUrl(""), void refresh()),
    }),
  );
  const archive = useMutation(
    trpc.destination.archive.mutationOptions({
      onSuccess: () => (toast.success("Destination removed"), setRemoving(null), void refresh()),
    }),
  );
  const allow = useMutation(trpc.destination.setAllowPrivate.mutationOptions({ onSuccess: () => void refresh() }));
  if (!ws.can("admin")) return <EmptyState title="Admins only">Ask an admin of this workspace to add a destination.</EmptyState>;
  return (
    <div className="max-w-3xl space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Add a webhook</h2>
        <p className="mt-1 text-sm text-slate-600">
          Facet POSTs a launched campaign&apos;s audience (not its holdout) as JSON batches of 500, with headers{" "}
          <code>x-facet-timestamp</code> and{" "}
          <code>x-facet-signature: v1=&lt;hex HMAC-SHA256 of &quot;timestamp.body&quot; with the secret&gt;</code>. A batch that fails is
          retried with backoff, five attempts in all.
        </p>
        <form
          className="mt-4 grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ workspaceId: ws.id, name, url });
          }}
        >
          <Field label="Name">
            {(f) => <Input {...f} value={name} onChange={(e) => setName(e.target.value)} placeholder="CRM" required />}
          </Field>
          <Field label="URL">
            {(f) => (
              <Input
                {...f}
                type="url"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="https://example.com/hooks/facet"
                required
              />
            )}
          </Field>
          <Button type="submit" pending={create.isPending}>
            Add
          </Button>
        </form>
        {create.error ? (
          <div className="mt-3">
            <ErrorMessage>{errorMessage(create.error)}</ErrorMessage>
          </div>
        ) : null}
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Destinations</h2>
        {list.data?.length === 0 ? <p className="mt-2 text-sm text-slate-500">None yet.</p> : null}
        <ul className="mt-2 divide-y divide-slate-100">
          {list.data?.map((d) => (
            <li key={d.id} className="py-3 text-sm">
              <div className="flex items-center justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium">{d.name}</p>
                  <p className="truncate text-slate-500">{d.url}</p>
                </div>
                <Button variant="ghost" size="sm" onClick={() => setRemoving({ id: d.id, name: d.name })}>
                  Remove
                </Button>
              </div>
              {d.secret ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-slate-500">Signing secret</summary>
                  <code className="break-all text-xs" data-testid={`secret-${d.name}`}>
                    {d.secret}
                  </code>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Private addresses</h2>
        <p className="mt-1 text-sm text-slate-600">
          Webhooks to loopback, private or link-local addresses (127.0.0.1, 10.x, 192.168.x, 169.254.x, …) are refused, so a URL can&apos;t
          reach services inside your network. Allow them only for receivers you run yourself.
        </p>
        <div className="mt-3">
          <Checkbox
            label="Allow private and loopback addresses for this workspace"
            checked={settings.data?.allowPrivateDestinations ?? false}
            disabled={!settings.data || allow.isPending}
            onChange={(e) => allow.mutate({ workspaceId: ws.id, allow: e.target.checked })}
          />
        </div>
      </Card>
      <Dialog open={removing !== null} onClose={() => setRemoving(null)} title={`Remove ${removing?.name ?? "destination"}?`}>
        <p className="text-sm text-slate-600">Deliveries still waiting for it will fail. Past delivery logs stay on their campaigns.</p>
        {archive.error ? <ErrorMessage>{errorMessage(archive.error)}</ErrorMessage> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setRemoving(null)}>
            Cancel
          </Button>
          <Button pending={archive.isPending} onClick={() => archive.mutate({ workspaceId: ws.id, destinationId: removing!.id })}>
            Remove
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
