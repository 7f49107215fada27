"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Badge, Button, Card, Dialog, EmptyState, ErrorMessage, Field, Input, Select } from "@facet/ui";
import { apiKeyKindLabels, apiKeyKinds } from "@facet/validators";
import { useOrigin } from "~/components/use-origin";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

type Kind = (typeof apiKeyKinds)[number];

export function ApiKeys() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKey.list.queryOptions({ workspaceId: ws.id }, { enabled: ws.can("admin") }));
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Kind>("write");
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const origin = useOrigin();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKey.pathKey() });
  const create = useMutation(
    trpc.apiKey.create.mutationOptions({
      onSuccess: ({ secret }) => {
        setCreated(secret);
        setName("");
        void refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.apiKey.revoke.mutationOptions({
      onSuccess: () => {
        toast.success("Key revoked");
        setRevoking(null);
        void refresh();
      },
    }),
  );
  if (!ws.can("admin")) return <EmptyState title="Admins only">Ask an admin of this workspace for an API key.</EmptyState>;

  return (
    <div className="max-w-3xl space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Create a key</h2>
        <p className="mt-1 text-sm text-slate-600">
          Send customers and events from your product with Segment&apos;s or RudderStack&apos;s libraries: point their host at{" "}
          <code className="rounded bg-slate-100 px-1" data-testid="app-origin">
            {origin ?? "this app's address"}
          </code>{" "}
          and use a write key as the write key. See the{" "}
          <a className="text-indigo-600 hover:underline" href="/docs/api">
            API reference
          </a>
          ; messages the API refuses are listed in the{" "}
          <Link className="text-indigo-600 hover:underline" href={`/w/${ws.slug}/settings/ingest-log`}>
            ingest log
          </Link>
          .
        </p>
        <form
          className="mt-4 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ workspaceId: ws.id, name, kind });
          }}
        >
          <div className="min-w-56 flex-1">
            <Field label="Key name" error={create.error ? errorMessage(create.error) : null}>
              {(p) => <Input {...p} placeholder="Website tracking" value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
          </div>
          <Field label="Access">
            {(p) => (
              <Select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                {apiKeyKinds.map((k) => (
                  <option key={k} value={k}>
                    {apiKeyKindLabels[k]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button type="submit" pending={create.isPending}>
            Create key
          </Button>
        </form>
        {created ? (
          <div role="status" className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
            <p>Copy this key now: it is shown only once and stored only as a hash.</p>
            <div className="mt-2 flex gap-2">
              <Input readOnly aria-label="New API key" value={created} onFocus={(e) => e.target.select()} className="font-mono" />
              <Button
                type="button"
                variant="secondary"
                onClick={() => navigator.clipboard.writeText(created).then(() => toast.success("Key copied"))}
              >
                Copy
              </Button>
            </div>
          </div>
        ) : null}
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Keys</h2>
        {keys.error ? <ErrorMessage>{errorMessage(keys.error)}</ErrorMessage> : null}
        {keys.data?.length === 0 ? <p className="mt-2 text-sm text-slate-500">No keys yet.</p> : null}
        <table className="mt-3 w-full text-sm">
          <tbody className="divide-y divide-slate-100">
            {keys.data?.map((k) => (
              <tr key={k.id} className={k.revokedAt ? "text-slate-400" : undefined}>
                <td className="py-2 pr-4">
                  <div className="font-medium">{k.name}</div>
                  <div className="font-mono text-xs">{k.prefix}…</div>
                </td>
                <td className="py-2 pr-4">{apiKeyKindLabels[k.kind]}</td>
                <td className="py-2 pr-4 text-slate-500">{k.lastUsedAt ? `Last used ${k.lastUsedAt.toLocaleString()}` : "Never used"}</td>
                <td className="py-2 text-right">
                  {k.revokedAt ? (
                    <Badge>Revoked</Badge>
                  ) : (
                    <Button variant="ghost" size="sm" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Dialog open={revoking !== null} onClose={() => setRevoking(null)} title={`Revoke ${revoking?.name ?? "key"}?`}>
        <p className="text-sm text-slate-600">Anything still sending with this key gets 401 from now on. This can&apos;t be undone.</p>
        {revoke.error ? <ErrorMessage>{errorMessage(revoke.error)}</ErrorMessage> : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setRevoking(null)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={revoke.isPending}
            onClick={() => revoking && revoke.mutate({ workspaceId: ws.id, apiKeyId: revoking.id })}
          >
            Revoke
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
