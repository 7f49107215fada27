"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { Badge, Button, Card, ErrorMessage, Field, Input, Select } from "@facet/ui";
import { email, role, roleLabels, roles } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorField, errorMessage } from "~/trpc/errors";

const inviteForm = z.object({ email, role });
type InviteForm = z.infer<typeof inviteForm>;

export function Invitations() {
  const ws = useWorkspace();
  if (!ws.can("admin")) return null;
  return <InvitationsForAdmins />;
}

function InvitationsForAdmins() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const pending = useQuery(trpc.invitation.list.queryOptions({ workspaceId: ws.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invitation.list.queryKey() });
  const form = useForm<InviteForm>({ resolver: zodResolver(inviteForm), defaultValues: { email: "", role: "editor" } });
  const create = useMutation(trpc.invitation.create.mutationOptions());
  const revoke = useMutation(
    trpc.invitation.revoke.mutationOptions({
      onSuccess: () => {
        toast.success("Invitation revoked");
        void refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const result = await create.mutateAsync({ workspaceId: ws.id, ...values });
      form.reset({ email: "", role: values.role });
      if (result.emailed) {
        setLink(null);
        toast.success(`Invitation emailed to ${values.email}`);
      } else {
        setLink({ email: values.email, url: result.link });
      }
      void refresh();
    } catch (e) {
      if (errorField(e) === "email") form.setError("email", { message: errorMessage(e) });
      else toast.error(errorMessage(e));
    }
  });

  return (
    <Card>
      <h2 className="text-lg font-semibold">Invite people</h2>
      <p className="mt-1 text-sm text-slate-600">
        Viewers read; editors change customers, segments, personas and campaigns; admins also manage members and settings; owners can delete
        the workspace.
      </p>
      <form onSubmit={onSubmit} noValidate className="mt-4 flex flex-wrap items-start gap-3">
        <div className="min-w-64 flex-1">
          <Field label="Email" error={form.formState.errors.email?.message}>
            {(p) => <Input {...p} type="email" placeholder="colleague@company.com" {...form.register("email")} />}
          </Field>
        </div>
        <div className="w-36">
          <Field label="Role">
            {(p) => (
              <Select {...p} {...form.register("role")}>
                {roles.map((r) => (
                  <option key={r} value={r} disabled={r === "owner" && !ws.can("owner")}>
                    {roleLabels[r]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <Button type="submit" className="mt-6" pending={create.isPending}>
          Invite
        </Button>
      </form>
      {link ? (
        <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm" role="status">
          <p>
            No mail server is set up, so send this link to <strong>{link.email}</strong> yourself. It is shown only once and works for 7
            days.
          </p>
          <div className="mt-2 flex gap-2">
            <Input readOnly value={link.url} aria-label="Invitation link" onFocus={(e) => e.target.select()} />
            <Button
              type="button"
              variant="secondary"
              onClick={() => navigator.clipboard.writeText(link.url).then(() => toast.success("Link copied"))}
            >
              Copy
            </Button>
          </div>
        </div>
      ) : null}
      <h3 className="mt-6 text-sm font-semibold text-slate-700">Pending invitations</h3>
      {pending.error ? <ErrorMessage>{errorMessage(pending.error)}</ErrorMessage> : null}
      {pending.data?.length === 0 ? <p className="mt-2 text-sm text-slate-500">No pending invitations.</p> : null}
      <ul className="mt-2 divide-y divide-slate-100 text-sm">
        {pending.data?.map((inv) => (
          <li key={inv.id} className="flex items-center justify-between py-2">
            <span>
              {inv.email} <Badge tone="indigo">{roleLabels[inv.role]}</Badge>
              <span className="ml-2 text-slate-500">expires {inv.expiresAt.toLocaleDateString()}</span>
            </span>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Revoke invitation for ${inv.email}`}
              onClick={() => revoke.mutate({ workspaceId: ws.id, invitationId: inv.id })}
            >
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
