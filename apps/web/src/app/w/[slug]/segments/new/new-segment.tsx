"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, ErrorMessage, Spinner } from "@facet/ui";
import type { Dimension, SegmentDefinition } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";
import { SegmentEditor } from "../segment-editor";

interface Start {
  name: string;
  description: string;
  definition: SegmentDefinition;
}

/** A new segment, blank or started from one of the seven kinds of segmentation. */
export function NewSegment() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.segment.templates.queryOptions({ workspaceId: ws.id }));
  const [start, setStart] = useState<{ start?: Start; n: number }>({ n: 0 });
  const [loading, setLoading] = useState<Dimension | null>(null);
  const [error, setError] = useState<unknown>(null);

  const pick = async (dimension: Dimension) => {
    setLoading(dimension);
    setError(null);
    try {
      const t = await queryClient.fetchQuery(trpc.segment.fromTemplate.queryOptions({ workspaceId: ws.id, dimension }));
      setStart({ start: t, n: start.n + 1 });
    } catch (e) {
      setError(e);
    } finally {
      setLoading(null);
    }
  };

  return (
    <>
      <section aria-label="Templates" className="mb-4">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">Start from a template</h2>
        {templates.isPending ? <Spinner className="text-slate-400" /> : null}
        <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
          {templates.data?.map((t) => (
            <Button
              key={t.dimension}
              variant="secondary"
              className="h-auto flex-col items-start whitespace-normal px-3 py-2 text-left"
              disabled={!t.available || loading !== null}
              pending={loading === t.dimension}
              title={
                t.available
                  ? `Uses ${t.attributes.slice(0, 3).join(", ") || "events"}`
                  : `No attribute is tagged ${t.title.toLowerCase()} yet`
              }
              onClick={() => void pick(t.dimension)}
            >
              <span className="font-medium">{t.title}</span>
              <span className="text-xs font-normal text-slate-500">{t.available ? t.description : "No attributes of this kind yet"}</span>
            </Button>
          ))}
        </div>
        {error ? (
          <div className="mt-2">
            <ErrorMessage>{errorMessage(error)}</ErrorMessage>
          </div>
        ) : null}
      </section>
      <SegmentEditor key={start.n} start={start.start} />
    </>
  );
}
