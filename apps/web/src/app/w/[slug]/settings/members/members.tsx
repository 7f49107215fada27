"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Badge, Button, Card, Dialog, ErrorMessage, Select, Spinner } from "@facet/ui";
import { roleLabels, roles, type Role } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export function Members() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.member.list.queryOptions({ workspaceId: ws.id }));
  const [removing, setRemoving] = useState<MemberRow | null>(null);

  const leaving = removing?.userId === ws.userId;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey() });
  const updateRole = useMutation(
    trpc.member.updateRole.mutationOptions({
      onSuccess: (m) => {
        toast.success(`${m.name || m.email} is now ${roleLabels[m.role]}`);
        void refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const remove = useMutation(
    trpc.member.delete.mutationOptions({
      onSuccess: () => {
        if (leaving) {
          window.location.assign("/workspaces");
          return;
        }
        toast.success("Member removed");
        setRemoving(null);
        void refresh();
      },
    }),
  );

  return (
    <Card>
      <h2 className="text-lg font-semibold">Members</h2>
      {members.error ? <ErrorMessage>{errorMessage(members.error)}</ErrorMessage> : null}
      {members.isPending ? (
        <Spinner className="mt-4 text-slate-400" />
      ) : (
        <table className="mt-4 w-full text-sm">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-2 font-medium">Name</th>
              <th className="py-2 font-medium">Role</th>
              <th className="py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.data?.map((m) => (
              <tr key={m.userId}>
                <td className="py-2">
                  <div className="font-medium">{m.name}</div>
                  <div className="text-slate-500">{m.email}</div>
                </td>
                <td className="py-2">
                  {ws.can("admin") ? (
                    <Select
                      aria-label={`Role of ${m.email}`}
                      className="w-32"
                      value={m.role}
                      disabled={updateRole.isPending}
                      onChange={(e) => updateRole.mutate({ workspaceId: ws.id, userId: m.userId, role: e.target.value as Role })}
                    >
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {roleLabels[r]}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    <Badge>{roleLabels[m.role]}</Badge>
                  )}
                </td>
                <td className="py-2 text-right">
                  {m.userId === ws.userId ? (
                    <Button variant="ghost" size="sm" onClick={() => setRemoving(m)}>
                      Leave
                    </Button>
                  ) : ws.can("admin") ? (
                    <Button variant="ghost" size="sm" onClick={() => setRemoving(m)} aria-label={`Remove ${m.email}`}>
                      Remove
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={removing !== null} onClose={() => setRemoving(null)} title={leaving ? `Leave ${ws.name}?` : "Remove member?"}>
        <p className="text-sm text-slate-600">
          {leaving
            ? "You will lose access at once. An admin can invite you again."
            : `${removing?.name} (${removing?.email}) will lose access to ${ws.name} at once. You can invite them again later.`}
        </p>
        {remove.error ? (
          <div className="mt-3">
            <ErrorMessage>{errorMessage(remove.error)}</ErrorMessage>
          </div>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setRemoving(null)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={remove.isPending}
            onClick={() => removing && remove.mutate({ workspaceId: ws.id, userId: removing.userId })}
          >
            {leaving ? "Leave" : "Remove"}
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}
