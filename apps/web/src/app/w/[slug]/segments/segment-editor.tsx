"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Card, ErrorMessage, Field, Input, Select, Spinner } from "@facet/ui";
import { emptyDefinition, segmentSchedules, segmentScheduleLabels, type SegmentDefinition } from "@facet/validators";
import { formatValue, plural } from "~/components/format";
import { summarize } from "~/components/rule-summary";
import { useDebounced } from "~/components/use-debounced";
import { ViewerLock } from "~/components/viewer-lock";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage, fieldError, formError } from "~/trpc/errors";
import { useAttributes } from "../customers/use-attributes";
import { GroupEditor } from "./rule-builder";

type Schedule = (typeof segmentSchedules)[number];
/** The save form's fields: an error about one of them shows on it, any other above the button. */
const savedFields = ["name", "tags", "description"] as const;
export interface EditedSegment {
  id: string;
  name: string;
  description: string;
  tags: string[];
  schedule: Schedule;
  definition: SegmentDefinition;
}

/** The rule builder with a live preview (count, share, per-condition counts, sample) and the save form. */
export function SegmentEditor({
  segment,
  start,
}: {
  segment?: EditedSegment;
  start?: { name: string; description: string; definition: SegmentDefinition };
}) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const attrs = useAttributes();
  const others = useQuery(trpc.segment.list.queryOptions({ workspaceId: ws.id, limit: 100 }));
  const [definition, setDefinition] = useState<SegmentDefinition>(segment?.definition ?? start?.definition ?? emptyDefinition());
  const [name, setName] = useState(segment?.name ?? start?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? start?.description ?? "");
  const [tags, setTags] = useState((segment?.tags ?? []).join(", "));
  const [schedule, setSchedule] = useState<Schedule>(segment?.schedule ?? "daily");
  const debounced = useDebounced(definition, 400);
  const preview = useQuery(
    trpc.segment.preview.queryOptions(
      { workspaceId: ws.id, definition: debounced, segmentId: segment?.id },
      { placeholderData: keepPreviousData, retry: false },
    ),
  );
  // Until the preview of the definition as edited now arrives, the numbers shown are an earlier edit's.
  const counting = debounced !== definition || preview.isFetching || preview.isPlaceholderData;
  const saved = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.segment.pathKey() });
  };
  const create = useMutation(trpc.segment.create.mutationOptions({ onSuccess: saved }));
  const update = useMutation(trpc.segment.update.mutationOptions({ onSuccess: saved }));
  const save = useMutation({
    mutationFn: async () => {
      const fields = {
        name,
        description,
        tags: tags
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean),
        schedule,
        definition,
      };
      return segment
        ? update.mutateAsync({ workspaceId: ws.id, segmentId: segment.id, ...fields })
        : create.mutateAsync({ workspaceId: ws.id, ...fields });
    },
    onSuccess: (s) => {
      toast.success(`Segment "${s.name}" saved: ${plural(s.memberCount, "member")}`);
      if (!segment) router.push(`/w/${ws.slug}/segments/${s.id}`);
    },
  });

  const attributes = attrs.data ?? [];
  const segmentOptions = (others.data?.items ?? []).filter((s) => s.id !== segment?.id).map((s) => ({ id: s.id, name: s.name }));
  const names = new Map(segmentOptions.map((s) => [s.id, s.name]));
  const p = preview.data;
  const changed = segment && JSON.stringify(segment.definition) !== JSON.stringify(definition);

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <ViewerLock className="space-y-4" label="Segment editor">
        {attrs.isPending ? (
          <Spinner className="text-slate-400" />
        ) : (
          <GroupEditor
            group={definition.root}
            onChange={(root) => setDefinition({ version: 1, root })}
            options={{ attributes, segments: segmentOptions, counts: p?.conditions, readOnly: !ws.can("editor") }}
          />
        )}
        <p className="text-sm text-slate-700" data-testid="rule-summary">
          {summarize(definition, attributes, names)}
        </p>
        <Card>
          <h2 className="text-lg font-semibold">{segment ? "Save changes" : "Save the segment"}</h2>
          <div className="mt-3 grid gap-4 sm:grid-cols-2">
            <Field label="Name" error={fieldError(save.error, "name")}>
              {(f) => (
                <Input {...f} value={name} onChange={(e) => setName(e.target.value)} placeholder="Young health-conscious professionals" />
              )}
            </Field>
            <Field label="Tags" hint="Separate with commas." error={fieldError(save.error, "tags")}>
              {(f) => <Input {...f} value={tags} onChange={(e) => setTags(e.target.value)} />}
            </Field>
            <Field label="Description" error={fieldError(save.error, "description")}>
              {(f) => <Input {...f} value={description} onChange={(e) => setDescription(e.target.value)} />}
            </Field>
            <Field label="Refresh members">
              {(f) => (
                <Select {...f} value={schedule} onChange={(e) => setSchedule(e.target.value as Schedule)}>
                  {segmentSchedules.map((s) => (
                    <option key={s} value={s}>
                      {segmentScheduleLabels[s]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          {changed && p?.impact ? (
            <p className="mt-3 text-sm text-amber-800" data-testid="impact">
              Saving this edit adds {plural(p.impact.entering, "customer")} and removes {plural(p.impact.leaving, "customer")}.
            </p>
          ) : null}
          {formError(save.error, savedFields) ? (
            <div className="mt-3">
              <ErrorMessage>{formError(save.error, savedFields)}</ErrorMessage>
            </div>
          ) : null}
          {ws.can("editor") ? (
            <Button className="mt-4" pending={save.isPending} disabled={!name.trim()} onClick={() => save.mutate()}>
              {segment ? "Save as a new version" : "Save segment"}
            </Button>
          ) : null}
        </Card>
      </ViewerLock>
      <aside aria-label="Live preview" className="space-y-3 lg:sticky lg:top-4 lg:self-start">
        <Card>
          <div className="flex items-center justify-between">
            <h2 className="text-sm font-semibold text-slate-700">Matches now</h2>
            {counting ? <Spinner className="text-slate-400" /> : null}
          </div>
          {preview.error ? <ErrorMessage>{errorMessage(preview.error)}</ErrorMessage> : null}
          {p ? (
            <>
              <p
                className={`mt-1 text-3xl font-semibold ${counting ? "text-slate-400" : ""}`}
                data-testid="live-count"
                aria-busy={counting}
              >
                {p.count.toLocaleString()}
              </p>
              <p className="text-sm text-slate-500">
                {(p.share * 100).toFixed(1)}% of {plural(p.total, "customer")}
              </p>
              <div
                className="mt-2 h-2 rounded bg-slate-100"
                role="progressbar"
                aria-label="Share of all customers"
                aria-valuenow={Math.round(p.share * 100)}
                aria-valuemin={0}
                aria-valuemax={100}
              >
                <div className="h-2 rounded bg-indigo-600" style={{ width: `${p.share * 100}%` }} />
              </div>
            </>
          ) : null}
        </Card>
        {p && p.sample.length ? (
          <Card>
            <h2 className="text-sm font-semibold text-slate-700">A few of them</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {p.sample.slice(0, 10).map((c) => (
                <li key={c.id} className="truncate">
                  <a className="text-indigo-700 hover:underline" href={`/w/${ws.slug}/customers/${c.id}`}>
                    {c.name ?? c.email ?? c.externalId ?? c.id}
                  </a>{" "}
                  <span className="text-slate-500">
                    {Object.entries(c.values)
                      .map(([k, v]) => `${attributes.find((a) => a.key === k)?.label ?? k}: ${formatValue(v)}`)
                      .join(" · ")}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </aside>
    </div>
  );
}
