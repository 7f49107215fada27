"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage, Spinner } from "@facet/ui";
import type { SegmentCheckStatus } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

const words: Record<SegmentCheckStatus, string> = {
  pending: "not measured",
  passing: "passing",
  failing: "failing",
  unknown: "can't measure",
};
const triggers: Record<string, string> = { live: "as members changed", refresh: "on a refresh", saved: "when the check was saved" };

/** A check's changes of status, newest first, read when opened. */
export function SegmentCheckHistory({ checkId }: { checkId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const history = useQuery(trpc.segmentCheck.history.queryOptions({ workspaceId: ws.id, checkId, limit: 20 }, { enabled: open }));
  return (
    <details className="text-xs" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-indigo-700">History</summary>
      {history.error ? <ErrorMessage>{errorMessage(history.error)}</ErrorMessage> : null}
      {open && history.isPending ? <Spinner className="mt-1 text-slate-400" /> : null}
      {history.data?.length === 0 ? <p className="mt-1 text-slate-500">No changes of status yet.</p> : null}
      <ol className="mt-1 space-y-1 text-slate-600">
        {history.data?.map((h, i) => (
          <li key={i}>
            {h.at.toLocaleString()}: {words[h.from]} → <span className="font-medium">{words[h.to]}</span> {triggers[h.trigger] ?? ""}
            {h.measured ? ` · ${h.measured}` : ""}
            {h.cause ? ` · ${h.cause}` : ""}
          </li>
        ))}
      </ol>
    </details>
  );
}
