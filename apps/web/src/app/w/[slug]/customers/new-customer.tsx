"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Dialog, ErrorMessage, Field, Input } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorField, errorMessage } from "~/trpc/errors";

export function NewCustomer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState({ email: "", name: "", externalId: "" });
  const create = useMutation(
    trpc.customer.create.mutationOptions({
      onSuccess: (c) => {
        void queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
        router.push(`/w/${ws.slug}/customers/${c.id}`);
      },
    }),
  );
  const field = errorField(create.error);
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [k]: e.target.value });
  return (
    <Dialog open={open} onClose={onClose} title="Add a customer">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ workspaceId: ws.id, ...fields, traits: {} });
        }}
      >
        {create.error && !field ? <ErrorMessage>{errorMessage(create.error)}</ErrorMessage> : null}
        <Field label="Email" error={field === "email" ? errorMessage(create.error) : null}>
          {(p) => <Input {...p} type="email" value={fields.email} onChange={set("email")} />}
        </Field>
        <Field label="Name">{(p) => <Input {...p} value={fields.name} onChange={set("name")} />}</Field>
        <Field
          label="External ID"
          error={field === "externalId" ? errorMessage(create.error) : null}
          hint="Your own id for this customer, if any."
        >
          {(p) => <Input {...p} value={fields.externalId} onChange={set("externalId")} />}
        </Field>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={create.isPending}>
            Add customer
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
