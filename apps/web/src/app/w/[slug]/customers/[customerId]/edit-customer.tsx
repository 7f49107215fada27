"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Dialog, ErrorMessage, Field, Input, Select } from "@facet/ui";
import type { inferRouterOutputs } from "@facet/api";
import type { AppRouter } from "@facet/api";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorField, errorMessage } from "~/trpc/errors";

type Outputs = inferRouterOutputs<AppRouter>;
type Customer = Outputs["customer"]["byId"];
type Attribute = Outputs["attribute"]["list"][number];

/** The form's text for a stored value, and back. */
function toText(value: unknown, type: string): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  if (type === "date" && typeof value === "string") return value.slice(0, 10);
  return String(value);
}

export function EditCustomer({
  open,
  onClose,
  customer,
  attributes,
}: {
  open: boolean;
  onClose: () => void;
  customer: Customer;
  attributes: Attribute[];
}) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editable = attributes.filter((a) => !a.computed && !a.column);
  const initial = () => ({
    email: customer.email ?? "",
    name: customer.name ?? "",
    externalId: customer.externalId ?? "",
    traits: Object.fromEntries(editable.map((a) => [a.key, toText(customer.values[a.key], a.type)])),
  });
  const [form, setForm] = useState(initial);
  const update = useMutation(
    trpc.customer.update.mutationOptions({
      onSuccess: () => {
        toast.success("Customer saved");
        void queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
        onClose();
      },
    }),
  );
  const field = errorField(update.error);
  const save = () => {
    const traits: Record<string, unknown> = {};
    for (const a of editable) {
      const text = form.traits[a.key] ?? "";
      if (text === toText(customer.values[a.key], a.type)) continue;
      traits[a.key] =
        text === ""
          ? null
          : a.type === "list"
            ? text
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean)
            : text;
    }
    update.mutate({ workspaceId: ws.id, customerId: customer.id, email: form.email, name: form.name, externalId: form.externalId, traits });
  };
  const setTrait = (key: string, value: string) => setForm({ ...form, traits: { ...form.traits, [key]: value } });

  return (
    <Dialog open={open} onClose={onClose} title="Edit customer">
      <form
        className="max-h-[70vh] space-y-4 overflow-y-auto pr-1"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {update.error ? <ErrorMessage>{errorMessage(update.error)}</ErrorMessage> : null}
        <Field label="Email" error={field === "email" ? errorMessage(update.error) : null}>
          {(p) => <Input {...p} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}
        </Field>
        <Field label="Name">{(p) => <Input {...p} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}</Field>
        <Field label="External ID" error={field === "externalId" ? errorMessage(update.error) : null}>
          {(p) => <Input {...p} value={form.externalId} onChange={(e) => setForm({ ...form, externalId: e.target.value })} />}
        </Field>
        {editable.map((a) => (
          <Field
            key={a.key}
            label={a.label}
            error={field === a.key ? errorMessage(update.error) : null}
            hint={a.type === "list" ? "Separate values with commas." : undefined}
          >
            {(p) =>
              a.type === "enum" || a.type === "boolean" ? (
                <Select {...p} value={form.traits[a.key] ?? ""} onChange={(e) => setTrait(a.key, e.target.value)}>
                  <option value="">(no value)</option>
                  {(a.type === "boolean" ? ["true", "false"] : a.enumValues).map((v) => (
                    <option key={v} value={v}>
                      {a.type === "boolean" ? (v === "true" ? "Yes" : "No") : v}
                    </option>
                  ))}
                </Select>
              ) : (
                <Input
                  {...p}
                  type={a.type === "number" ? "number" : a.type === "date" ? "date" : "text"}
                  step="any"
                  value={form.traits[a.key] ?? ""}
                  onChange={(e) => setTrait(a.key, e.target.value)}
                />
              )
            }
          </Field>
        ))}
        <div className="sticky bottom-0 flex justify-end gap-2 bg-white pt-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={update.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
