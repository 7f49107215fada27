"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Dialog, ErrorMessage, Field, Input, Select, Spinner } from "@facet/ui";
import { attributeTypeLabels, attributeTypes, type AttributeType } from "@facet/validators";
import { plural } from "~/components/format";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

interface Target {
  id: string;
  label: string;
  type: AttributeType;
}

/** Change an attribute's type: pick the new one, see which stored values won't convert, confirm. */
export function RetypeDialog({ attribute, onClose, onDone }: { attribute: Target; onClose: () => void; onDone: () => void }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [type, setType] = useState<AttributeType>(attribute.type === "string" ? "number" : "string");
  const [values, setValues] = useState("");
  const enumValues =
    type === "enum" && values.trim()
      ? values
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean)
      : undefined;
  const input = { workspaceId: ws.id, attributeId: attribute.id, type, enumValues };
  const preview = useQuery(trpc.attribute.retypePreview.queryOptions(input, { enabled: type !== attribute.type, retry: false }));
  const retype = useMutation(
    trpc.attribute.retype.mutationOptions({
      onSuccess: (r) => {
        toast.success(
          `${attribute.label} is now ${attributeTypeLabels[r.type].toLowerCase()}${r.cleared ? `; ${plural(r.cleared, "value")} cleared` : ""}`,
        );
        onDone();
      },
    }),
  );
  const p = preview.data;

  return (
    <Dialog open onClose={onClose} title={`Change the type of ${attribute.label}`}>
      <div className="space-y-4">
        <Field label="New type">
          {(f) => (
            <Select {...f} value={type} onChange={(e) => setType(e.target.value as AttributeType)}>
              {attributeTypes
                .filter((t) => t !== attribute.type)
                .map((t) => (
                  <option key={t} value={t}>
                    {attributeTypeLabels[t]}
                  </option>
                ))}
            </Select>
          )}
        </Field>
        {type === "enum" ? (
          <Field label="Allowed values" hint="Separate with commas; leave empty to allow the values customers have now.">
            {(f) => <Input {...f} value={values} onChange={(e) => setValues(e.target.value)} />}
          </Field>
        ) : null}
        <div aria-live="polite" className="text-sm">
          {preview.isFetching ? <Spinner className="text-slate-400" /> : null}
          {preview.error ? <ErrorMessage>{errorMessage(preview.error)}</ErrorMessage> : null}
          {p && !preview.isFetching ? (
            <div className="space-y-2" data-testid="retype-preview">
              <p>
                {p.customersWithValue === 0
                  ? "No customer has a value yet; nothing to convert."
                  : `${plural(p.converting, "customer")} of ${p.customersWithValue.toLocaleString()} with a value will keep it, converted.`}
              </p>
              {p.clearing > 0 ? (
                <>
                  <p className="font-medium text-red-700">{plural(p.clearing, "customer")} will lose a value that doesn&apos;t convert:</p>
                  <ul className="max-h-40 overflow-y-auto rounded border border-slate-200 px-3 py-2 text-xs">
                    {p.examples.map((e) => (
                      <li key={e.value}>
                        <span className="font-mono">{e.value}</span> ({plural(e.customers, "customer")}): {e.reason}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {type === "enum" && p.enumValues.length ? (
                <p className="text-slate-600">
                  Allowed values: {p.enumValues.slice(0, 12).join(", ")}
                  {p.enumValues.length > 12 ? ", …" : ""}
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
        {retype.error ? <ErrorMessage>{errorMessage(retype.error)}</ErrorMessage> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant={p && p.clearing > 0 ? "danger" : "primary"}
            disabled={!p || preview.isFetching}
            pending={retype.isPending}
            onClick={() => retype.mutate(input)}
          >
            {p && p.clearing > 0 ? `Change type and clear ${plural(p.clearing, "value")}` : "Change type"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
