"use client";
import { useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useState, type FormEvent } from "react";
import { Button, ErrorMessage, Field, Input, Select } from "@facet/ui";
import { segmentCheckKindLabels, segmentCheckKinds, type SegmentCheckKind, type SegmentCheckRuleInput } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

export type CheckRule = SegmentCheckRuleInput;

type Control = "min" | "max" | "segmentId" | "maxPercent" | "attribute" | "minPercent" | "periodHours";
const controlWords: Record<string, Control> = {
  Min: "min",
  Max: "max",
  Segment: "segmentId",
  "Max percent": "maxPercent",
  Attribute: "attribute",
  "Min percent": "minPercent",
  "Period hours": "periodHours",
};

/** The server's complaints about a rule, on the control each is about; the rest for the whole form. */
function ruleErrors(error: unknown): { fields: Partial<Record<Control, string>>; form: string | null } {
  if (!error) return { fields: {}, form: null };
  const fields: Partial<Record<Control, string>> = {};
  const rest: string[] = [];
  if (error instanceof TRPCClientError) {
    const data = error.data as { field?: string | null; fieldErrors?: Record<string, string[]> | null } | undefined;
    for (const message of data?.fieldErrors?.rule ?? []) {
      const m = /^([A-Z][\w ]*): (.*)$/.exec(message);
      const control = m ? controlWords[m[1]!] : undefined;
      if (control && m) fields[control] ??= m[2]!;
      else rest.push(message);
    }
    const named = data?.field?.startsWith("rule.") ? (data.field.slice(5) as Control) : null;
    if (named) fields[named] = error.message;
    if (data?.fieldErrors?.rule || named) return { fields, form: rest[0] ?? null };
  }
  return { fields, form: errorMessage(error) };
}

const periods = [
  { hours: 1, label: "an hour" },
  { hours: 6, label: "6 hours" },
  { hours: 24, label: "a day" },
  { hours: 168, label: "a week" },
];

/** A number typed in a box: empty is none; anything else is sent as typed, for the server to judge. */
const numberOf = (text: string) => (text.trim() === "" ? null : Number(text));
const textOf = (n: number | null | undefined) => (n == null ? "" : String(n));

/** Adds or edits one check: the kind, then that kind's bounds. */
export function SegmentCheckForm({
  segmentId,
  initial,
  pending,
  error,
  onSave,
  onCancel,
}: {
  segmentId: string;
  initial?: CheckRule;
  pending: boolean;
  error: unknown;
  onSave: (rule: CheckRule) => void;
  onCancel: () => void;
}) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [kind, setKind] = useState<SegmentCheckKind>(initial?.kind ?? "size");
  const [unit, setUnit] = useState<"percent" | "count">(initial?.kind === "size" ? initial.unit : "percent");
  const [min, setMin] = useState(initial?.kind === "size" ? textOf(initial.min) : "");
  const [max, setMax] = useState(initial?.kind === "size" ? textOf(initial.max) : "");
  const [other, setOther] = useState(initial?.kind === "overlap" ? initial.segmentId : "");
  const [attribute, setAttribute] = useState(initial?.kind === "known" ? initial.attribute : "");
  const [share, setShare] = useState(
    initial?.kind === "overlap" ? textOf(initial.maxPercent) : initial?.kind === "known" ? textOf(initial.minPercent) : "",
  );
  const [change, setChange] = useState(initial?.kind === "change" ? textOf(initial.maxPercent) : "");
  const [hours, setHours] = useState(initial?.kind === "change" ? (initial.periodHours ?? 24) : 24);
  const segments = useQuery(
    trpc.segment.list.queryOptions({ workspaceId: ws.id, limit: 100, archived: false }, { enabled: kind === "overlap" }),
  );
  const attributes = useQuery(trpc.attribute.list.queryOptions({ workspaceId: ws.id }, { enabled: kind === "known" }));
  const { fields, form } = ruleErrors(error);

  const rule = (): CheckRule => {
    switch (kind) {
      case "size":
        return { kind, unit, min: numberOf(min), max: numberOf(max) };
      case "overlap":
        return { kind, segmentId: other, maxPercent: numberOf(share) as number };
      case "known":
        return { kind, attribute, minPercent: numberOf(share) as number };
      case "change":
        return { kind, maxPercent: numberOf(change) as number, periodHours: hours };
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(rule());
  };
  const unitWord = unit === "percent" ? "% of customers" : "members";

  return (
    <form
      onSubmit={submit}
      aria-label={initial ? "Edit check" : "New check"}
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4"
    >
      <Field label="Check">
        {(p) => (
          <Select {...p} value={kind} onChange={(e) => setKind(e.target.value as SegmentCheckKind)} autoFocus>
            {segmentCheckKinds.map((k) => (
              <option key={k} value={k}>
                {segmentCheckKindLabels[k]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {kind === "size" ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Measured as">
            {(p) => (
              <Select {...p} value={unit} onChange={(e) => setUnit(e.target.value as "percent" | "count")}>
                <option value="percent">Share of all customers</option>
                <option value="count">Number of members</option>
              </Select>
            )}
          </Field>
          <Field label={`At least (${unitWord})`} error={fields.min} hint="Leave empty for no lower bound">
            {(p) => <Input {...p} type="number" step="any" min={0} value={min} onChange={(e) => setMin(e.target.value)} />}
          </Field>
          <Field label={`At most (${unitWord})`} error={fields.max} hint="Leave empty for no upper bound">
            {(p) => <Input {...p} type="number" step="any" min={0} value={max} onChange={(e) => setMax(e.target.value)} />}
          </Field>
        </div>
      ) : null}
      {kind === "overlap" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Other segment" error={fields.segmentId}>
            {(p) => (
              <Select {...p} value={other} onChange={(e) => setOther(e.target.value)}>
                <option value="">Choose a segment…</option>
                {segments.data?.items
                  .filter((s) => s.id !== segmentId)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
              </Select>
            )}
          </Field>
          <Field label="At most (% of this segment's members)" error={fields.maxPercent}>
            {(p) => <Input {...p} type="number" step="any" min={0} max={100} value={share} onChange={(e) => setShare(e.target.value)} />}
          </Field>
        </div>
      ) : null}
      {kind === "known" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Attribute" error={fields.attribute}>
            {(p) => (
              <Select {...p} value={attribute} onChange={(e) => setAttribute(e.target.value)}>
                <option value="">Choose an attribute…</option>
                {attributes.data
                  ?.filter((a) => !a.archivedAt)
                  .map((a) => (
                    <option key={a.key} value={a.key}>
                      {a.label}
                    </option>
                  ))}
              </Select>
            )}
          </Field>
          <Field label="Known for at least (% of members)" error={fields.minPercent}>
            {(p) => <Input {...p} type="number" step="any" min={0} max={100} value={share} onChange={(e) => setShare(e.target.value)} />}
          </Field>
        </div>
      ) : null}
      {kind === "change" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Grows or shrinks by at most (%)" error={fields.maxPercent}>
            {(p) => <Input {...p} type="number" step="any" min={0} value={change} onChange={(e) => setChange(e.target.value)} />}
          </Field>
          <Field label="Over" error={fields.periodHours}>
            {(p) => (
              <Select {...p} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
                {periods.map((o) => (
                  <option key={o.hours} value={o.hours}>
                    {o.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      ) : null}
      {form ? <ErrorMessage>{form}</ErrorMessage> : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" pending={pending}>
          {initial ? "Save check" : "Add check"}
        </Button>
      </div>
    </form>
  );
}
