"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Card, Dialog, EmptyState, ErrorMessage, Spinner } from "@facet/ui";
import type { SegmentCheckStatus } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { SegmentCheckForm, type CheckRule } from "./segment-check-form";
import { SegmentCheckHistory } from "./segment-check-history";

const statusLooks: Record<SegmentCheckStatus, { label: string; className: string }> = {
  passing: { label: "Passing", className: "bg-green-50 text-green-800 ring-green-600/30" },
  failing: { label: "Failing", className: "bg-red-50 text-red-800 ring-red-600/30" },
  unknown: { label: "Can't measure", className: "bg-amber-50 text-amber-900 ring-amber-600/30" },
  pending: { label: "Not measured yet", className: "bg-slate-100 text-slate-700 ring-slate-500/30" },
};

/** Checks are measured as the segment's members change; the list is read again this often to show it. */
const refetchMs = 5_000;

/** The segment's checks: what each asserts, whether it passes with the measured value, and why it fails. */
export function SegmentChecks({ segmentId }: { segmentId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { workspaceId: ws.id, segmentId };
  const list = useQuery(trpc.segmentCheck.list.queryOptions(input, { refetchInterval: refetchMs }));
  // Which form is open: a new check, or the id of the check being edited.
  const [editing, setEditing] = useState<"new" | string | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; description: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.segmentCheck.pathKey() });
  const announce = (c: { status: SegmentCheckStatus; measured: string }) =>
    c.status === "failing" ? toast.error(`Check saved; it fails now: ${c.measured}`) : toast.success(`Check saved: ${c.measured}`);
  const create = useMutation(
    trpc.segmentCheck.create.mutationOptions({ onSuccess: (c) => (announce(c), setEditing(null), void refresh()) }),
  );
  const update = useMutation(
    trpc.segmentCheck.update.mutationOptions({ onSuccess: (c) => (announce(c), setEditing(null), void refresh()) }),
  );
  const remove = useMutation(
    trpc.segmentCheck.delete.mutationOptions({
      onSuccess: () => (toast.success("Check deleted"), setDeleting(null), void refresh()),
    }),
  );
  const canEdit = ws.can("editor");
  const save = (rule: CheckRule) =>
    editing === "new" ? create.mutate({ ...input, rule }) : editing && update.mutate({ workspaceId: ws.id, checkId: editing, rule });
  const form = (initial?: CheckRule) => (
    <SegmentCheckForm
      segmentId={segmentId}
      initial={initial}
      pending={create.isPending || update.isPending}
      error={editing === "new" ? create.error : update.error}
      onSave={save}
      onCancel={() => (setEditing(null), create.reset(), update.reset())}
    />
  );
  const checks = list.data ?? [];

  return (
    <section aria-label="Checks">
      <Card>
        <div className="flex items-center justify-between gap-2">
          <div>
            <h2 className="text-lg font-semibold">Checks</h2>
            <p className="text-sm text-slate-600">
              Measured whenever this segment&apos;s members change; a check that starts failing alerts its owner.
            </p>
          </div>
          {canEdit && checks.length > 0 && editing === null ? (
            <Button variant="secondary" size="sm" onClick={() => setEditing("new")}>
              Add check
            </Button>
          ) : null}
        </div>
        {list.error ? <ErrorMessage>{errorMessage(list.error)}</ErrorMessage> : null}
        {list.isPending ? <Spinner className="mt-3 text-slate-400" /> : null}
        {list.data && checks.length === 0 && editing !== "new" ? (
          <div className="mt-3">
            <EmptyState
              title="No checks yet"
              action={
                canEdit ? (
                  <Button variant="secondary" onClick={() => setEditing("new")}>
                    Add a check
                  </Button>
                ) : null
              }
            >
              Write what should stay true of this segment, such as &ldquo;size between 3% and 7% of customers&rdquo; or &ldquo;age known for
              at least 80% of members&rdquo;, and Facet tells you with the cause when it stops being true.
            </EmptyState>
          </div>
        ) : null}
        {editing === "new" ? <div className="mt-3">{form()}</div> : null}
        <ul className="mt-3 divide-y divide-slate-100">
          {checks.map((c) => {
            const look = statusLooks[c.status];
            return (
              <li key={c.id} className="py-3" data-testid="segment-check">
                {editing === c.id ? (
                  form(c.rule)
                ) : (
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0 flex-1 space-y-1 text-sm">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${look.className}`}>
                          {look.label}
                        </span>
                        <span className="font-medium text-slate-900">{c.description}</span>
                      </div>
                      {c.measured ? <p className="text-slate-700">{c.measured}</p> : null}
                      {c.status === "failing" && c.cause ? (
                        <p className="text-red-800">
                          <span className="font-medium">Cause:</span> {c.cause}
                        </p>
                      ) : null}
                      <p className="text-xs text-slate-500">
                        {c.checkedAt ? `Checked ${c.checkedAt.toLocaleString()}` : "Not checked yet"}
                        {c.statusSince ? ` · ${look.label.toLowerCase()} since ${c.statusSince.toLocaleString()}` : ""}
                      </p>
                      <SegmentCheckHistory checkId={c.id} />
                    </div>
                    {canEdit ? (
                      <div className="flex gap-1">
                        <Button variant="ghost" size="sm" aria-label={`Edit check: ${c.description}`} onClick={() => setEditing(c.id)}>
                          Edit
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Delete check: ${c.description}`}
                          onClick={() => setDeleting({ id: c.id, description: c.description })}
                        >
                          Delete
                        </Button>
                      </div>
                    ) : null}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </Card>
      <Dialog open={deleting !== null} onClose={() => (setDeleting(null), remove.reset())} title="Delete this check?">
        <p className="text-sm text-slate-600">
          &ldquo;{deleting?.description}&rdquo; stops being measured, and its history goes with it. This can&apos;t be undone.
        </p>
        {remove.error ? <ErrorMessage>{errorMessage(remove.error)}</ErrorMessage> : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setDeleting(null)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={remove.isPending}
            onClick={() => deleting && remove.mutate({ workspaceId: ws.id, checkId: deleting.id })}
          >
            Delete check
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
