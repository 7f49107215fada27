import { live, segment } from "@facet/domain";
import {
  archiveSegmentInput,
  createSegmentInput,
  customerIdInput,
  listSegmentsInput,
  previewSegmentInput,
  restoreSegmentVersionInput,
  segmentIdInput,
  segmentActivityInput,
  segmentChangesInput,
  segmentFreshnessInput,
  segmentMembersInput,
  segmentOverlapInput,
  segmentTemplateInput,
  updateSegmentInput,
} from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

export const segmentRouter = router({
  list: workspaceProcedure.input(listSegmentsInput).query(({ ctx, input }) => segment.listSegments(ctx.scope, input)),
  byId: workspaceProcedure.input(segmentIdInput).query(({ ctx, input }) => segment.segmentById(ctx.scope, input.segmentId)),
  /** Count, share, per-condition counts, a sample, and (for a saved segment) who would enter and leave. */
  preview: workspaceProcedure
    .input(previewSegmentInput)
    .query(({ ctx, input }) => segment.previewSegment(ctx.scope, input.definition, input.segmentId)),
  create: requireRole("editor")
    .input(createSegmentInput)
    .mutation(({ ctx, input }) => segment.createSegment(ctx.scope, input)),
  update: requireRole("editor")
    .input(updateSegmentInput)
    .mutation(({ ctx, input }) => segment.updateSegment(ctx.scope, input)),
  duplicate: requireRole("editor")
    .input(segmentIdInput)
    .mutation(({ ctx, input }) => segment.duplicateSegment(ctx.scope, input.segmentId)),
  archive: requireRole("editor")
    .input(archiveSegmentInput)
    .mutation(({ ctx, input }) => segment.setSegmentArchived(ctx.scope, input.segmentId, input.archived)),
  refresh: requireRole("editor")
    .input(segmentIdInput)
    .mutation(({ ctx, input }) => segment.refreshNow(ctx.scope, input.segmentId)),
  versions: workspaceProcedure.input(segmentIdInput).query(({ ctx, input }) => segment.listVersions(ctx.scope, input.segmentId)),
  restoreVersion: requireRole("editor")
    .input(restoreSegmentVersionInput)
    .mutation(({ ctx, input }) => segment.restoreVersion(ctx.scope, input.segmentId, input.version)),
  history: workspaceProcedure.input(segmentIdInput).query(({ ctx, input }) => segment.sizeHistory(ctx.scope, input.segmentId)),
  members: workspaceProcedure
    .input(segmentMembersInput)
    .query(({ ctx, input }) => segment.segmentMembersPage(ctx.scope, input.segmentId, input)),
  /** Who entered and left, in order, with why; the cursor comes back even on an empty page, to follow the segment. */
  changes: workspaceProcedure
    .input(segmentChangesInput)
    .query(({ ctx, input }) => live.segmentChangesPage(ctx.scope, input.segmentId, input)),
  /** The activity feed: newest first, paged older, polled for newer. */
  activity: workspaceProcedure
    .input(segmentActivityInput)
    .query(({ ctx, input }) => live.segmentActivity(ctx.scope, input.segmentId, input)),
  /** Size over time from the change log: by the minute for the last day, by the hour before. */
  sizeHistory: workspaceProcedure.input(segmentIdInput).query(({ ctx, input }) => live.segmentSizeHistory(ctx.scope, input.segmentId)),
  /** "live" or "as of <time>", per segment. */
  freshness: workspaceProcedure.input(segmentFreshnessInput).query(({ ctx, input }) => live.segmentsFreshness(ctx.scope, input.segmentIds)),
  overlap: workspaceProcedure.input(segmentOverlapInput).query(({ ctx, input }) => segment.segmentOverlap(ctx.scope, input.segmentIds)),
  /** The seven kinds of segmentation and whether the workspace has attributes for each. */
  templates: workspaceProcedure.query(({ ctx }) => segment.listTemplates(ctx.scope)),
  /** A starting definition of one kind, from the workspace's attributes and data. */
  fromTemplate: workspaceProcedure.input(segmentTemplateInput).query(({ ctx, input }) => segment.buildTemplate(ctx.scope, input.dimension)),
  ofCustomer: workspaceProcedure.input(customerIdInput).query(({ ctx, input }) => segment.segmentsOfCustomer(ctx.scope, input.customerId)),
});
