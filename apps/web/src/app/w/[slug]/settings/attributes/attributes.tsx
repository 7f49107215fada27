"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { Badge, Button, Card, ErrorMessage, Field, Input, Select, Spinner } from "@facet/ui";
import {
  attributeKey,
  attributeType,
  attributeTypeLabels,
  attributeTypes,
  dimension,
  dimensionLabels,
  dimensions,
  toAttributeKey,
  type AttributeType,
} from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorField, errorMessage } from "~/trpc/errors";
import { RetypeDialog } from "./retype-dialog";

const form = z.object({
  label: z.string().trim().min(1, "Enter a label").max(100),
  key: attributeKey,
  type: attributeType,
  dimension,
  enumValues: z.string().max(5000),
  description: z.string().max(500),
});
type Form = z.infer<typeof form>;

export function Attributes() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.attribute.list.queryOptions({ workspaceId: ws.id, includeArchived: true }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.attribute.pathKey() });
  const archive = useMutation(
    trpc.attribute.archive.mutationOptions({
      onSuccess: (a) => {
        toast.success(a.archivedAt ? `${a.label} archived` : `${a.label} restored`);
        void refresh();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const admin = ws.can("admin");
  const [retyping, setRetyping] = useState<{ id: string; label: string; type: AttributeType } | null>(null);

  return (
    <div className="max-w-4xl space-y-6">
      {admin ? (
        <NewAttribute onCreated={refresh} />
      ) : (
        <p className="text-sm text-slate-600">Only admins and owners can add or change attributes.</p>
      )}
      {list.error ? <ErrorMessage>{errorMessage(list.error)}</ErrorMessage> : null}
      {list.isPending ? <Spinner className="text-slate-400" /> : null}
      {dimensions.map((d) => {
        const rows = (list.data ?? []).filter((a) => a.dimension === d);
        if (rows.length === 0) return null;
        return (
          <Card key={d}>
            <h2 className="text-lg font-semibold">{dimensionLabels[d]}</h2>
            <table className="mt-3 w-full text-sm">
              <tbody className="divide-y divide-slate-100">
                {rows.map((a) => (
                  <tr key={a.id} className={a.archivedAt ? "text-slate-400" : undefined}>
                    <td className="py-2 pr-4">
                      <div className="font-medium">{a.label}</div>
                      <div className="font-mono text-xs text-slate-500">{a.key}</div>
                    </td>
                    <td className="py-2 pr-4">
                      {attributeTypeLabels[a.type]}
                      {a.type === "enum" ? (
                        <span className="ml-1 text-slate-500">
                          ({a.enumValues.slice(0, 5).join(", ")}
                          {a.enumValues.length > 5 ? ", …" : ""})
                        </span>
                      ) : null}
                    </td>
                    <td className="py-2 pr-4">
                      {a.column ? <Badge>Built-in</Badge> : null} {a.computed ? <Badge tone="indigo">Computed</Badge> : null}{" "}
                      {a.archivedAt ? <Badge tone="amber">Archived</Badge> : null}
                    </td>
                    <td className="py-2 text-right">
                      {admin && !a.column && !a.computed && !a.archivedAt ? (
                        <Button variant="ghost" size="sm" onClick={() => setRetyping(a)}>
                          Change type
                        </Button>
                      ) : null}
                      {admin && !a.column ? (
                        <Button
                          variant="ghost"
                          size="sm"
                          onClick={() => archive.mutate({ workspaceId: ws.id, attributeId: a.id, archived: !a.archivedAt })}
                        >
                          {a.archivedAt ? "Restore" : "Archive"}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        );
      })}
      {retyping ? (
        <RetypeDialog
          attribute={retyping}
          onClose={() => setRetyping(null)}
          onDone={() => {
            setRetyping(null);
            void refresh();
            void queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
          }}
        />
      ) : null}
    </div>
  );
}

function NewAttribute({ onCreated }: { onCreated: () => void }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const f = useForm<Form>({
    resolver: zodResolver(form),
    defaultValues: { label: "", key: "", type: "string", dimension: "psychographic", enumValues: "", description: "" },
  });
  const create = useMutation(trpc.attribute.create.mutationOptions());
  const keyTouched = f.formState.dirtyFields.key;
  const type = f.watch("type");
  const submit = f.handleSubmit(async (v) => {
    try {
      const a = await create.mutateAsync({
        workspaceId: ws.id,
        ...v,
        enumValues:
          v.type === "enum"
            ? v.enumValues
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean)
            : [],
      });
      toast.success(`Attribute ${a.label} added`);
      f.reset();
      onCreated();
    } catch (e) {
      const field = errorField(e);
      if (field === "key" || field === "label" || field === "enumValues") f.setError(field, { message: errorMessage(e) });
      else toast.error(errorMessage(e));
    }
  });
  const { errors } = f.formState;
  return (
    <Card>
      <h2 className="text-lg font-semibold">Add an attribute</h2>
      <p className="mt-1 text-sm text-slate-600">
        What you know about customers, tagged by the kind of segmentation it serves. CSV imports can also create attributes.
      </p>
      <form onSubmit={submit} noValidate className="mt-4 grid gap-4 sm:grid-cols-2">
        <Field label="Label" error={errors.label?.message}>
          {(p) => (
            <Input
              {...p}
              placeholder="Fitness goal"
              {...f.register("label", {
                onChange: (e: { target: { value: string } }) => !keyTouched && f.setValue("key", toAttributeKey(e.target.value)),
              })}
            />
          )}
        </Field>
        <Field label="Key" error={errors.key?.message} hint="Used in rules and the API.">
          {(p) => <Input {...p} className="font-mono" {...f.register("key")} />}
        </Field>
        <Field label="Type">
          {(p) => (
            <Select {...p} {...f.register("type")}>
              {attributeTypes.map((t) => (
                <option key={t} value={t}>
                  {attributeTypeLabels[t]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Dimension">
          {(p) => (
            <Select {...p} {...f.register("dimension")}>
              {dimensions.map((d) => (
                <option key={d} value={d}>
                  {dimensionLabels[d]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {type === "enum" ? (
          <div className="sm:col-span-2">
            <Field label="Allowed values" error={errors.enumValues?.message} hint="Separate values with commas.">
              {(p) => <Input {...p} placeholder="Lose weight, Build muscle, Stay healthy" {...f.register("enumValues")} />}
            </Field>
          </div>
        ) : null}
        <div className="sm:col-span-2">
          <Field label="Description" error={errors.description?.message}>
            {(p) => <Input {...p} {...f.register("description")} />}
          </Field>
        </div>
        <div>
          <Button type="submit" pending={create.isPending}>
            Add attribute
          </Button>
        </div>
      </form>
    </Card>
  );
}
