import { health } from "@facet/domain";
import { reconciliationsInput, segmentHealthListInput, segmentIdInput } from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

/** Segment health: failed or slow refreshes, reconciliation differences, broken references. */
export const healthRouter = router({
  /** The issues of a page of segments (only those with any). */
  list: workspaceProcedure.input(segmentHealthListInput).query(({ ctx, input }) => health.healthOfSegments(ctx.scope, input.segmentIds)),
  bySegment: workspaceProcedure.input(segmentIdInput).query(({ ctx, input }) => health.segmentHealth(ctx.scope, input.segmentId)),
  /** Reconciliations that had to correct members (admins). */
  reconciliations: requireRole("admin")
    .input(reconciliationsInput)
    .query(({ ctx, input }) => health.listReconciliations(ctx.scope, input)),
});
