import { check } from "@facet/domain";
import {
  createSegmentCheckInput,
  listSegmentChecksInput,
  segmentCheckHistoryInput,
  segmentCheckIdInput,
  updateSegmentCheckInput,
} from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

/** Assertions on a segment, measured after every change batch and refresh that moves it. */
export const segmentCheckRouter = router({
  list: workspaceProcedure.input(listSegmentChecksInput).query(({ ctx, input }) => check.listSegmentChecks(ctx.scope, input.segmentId)),
  create: requireRole("editor")
    .input(createSegmentCheckInput)
    .mutation(({ ctx, input }) => check.createSegmentCheck(ctx.scope, input)),
  update: requireRole("editor")
    .input(updateSegmentCheckInput)
    .mutation(({ ctx, input }) => check.updateSegmentCheck(ctx.scope, input)),
  delete: requireRole("editor")
    .input(segmentCheckIdInput)
    .mutation(({ ctx, input }) => check.deleteSegmentCheck(ctx.scope, input.checkId, input.segmentId)),
  /** The check's changes of status, newest first, with the value and cause at each. */
  history: workspaceProcedure
    .input(segmentCheckHistoryInput)
    .query(({ ctx, input }) => check.segmentCheckHistory(ctx.scope, input.checkId, input.limit)),
});
