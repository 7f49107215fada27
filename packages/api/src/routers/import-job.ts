import { importJob } from "@facet/domain";
import { importDryRunInput, importJobIdInput, importJobListInput, importRejectionsInput } from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

export const importJobRouter = router({
  list: workspaceProcedure.input(importJobListInput).query(({ ctx, input }) => importJob.listImportJobs(ctx.scope, input)),
  byId: workspaceProcedure.input(importJobIdInput).query(({ ctx, input }) => importJob.importJobById(ctx.scope, input.jobId)),
  rejections: workspaceProcedure
    .input(importRejectionsInput)
    .query(({ ctx, input }) => importJob.listRejections(ctx.scope, input.jobId, input)),
  /** Saves the mapping and checks the whole file without writing anything. */
  dryRun: requireRole("editor")
    .input(importDryRunInput)
    .mutation(({ ctx, input }) => importJob.startDryRun(ctx.scope, input.jobId, input.settings)),
  run: requireRole("editor")
    .input(importJobIdInput)
    .mutation(({ ctx, input }) => importJob.startImport(ctx.scope, input.jobId)),
});
