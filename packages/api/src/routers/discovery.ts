import { discovery } from "@facet/domain";
import { discoveryRunInput, saveClusterInput, saveRfmGroupInput, startClusteringInput } from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

export const discoveryRouter = router({
  /** Starts k-means in the background (a worker thread); poll `run` for progress and the result. */
  startClustering: requireRole("editor")
    .input(startClusteringInput)
    .mutation(async ({ ctx, input }) => ({ id: (await discovery.startClustering(ctx.scope, input)).id })),
  runs: workspaceProcedure.query(({ ctx }) => discovery.listRuns(ctx.scope)),
  run: workspaceProcedure.input(discoveryRunInput).query(({ ctx, input }) => discovery.runById(ctx.scope, input.runId)),
  saveCluster: requireRole("editor")
    .input(saveClusterInput)
    .mutation(({ ctx, input }) => discovery.saveCluster(ctx.scope, input)),
  /** Scores every buyer's recency, frequency and monetary value in the background. */
  startRfm: requireRole("editor").mutation(async ({ ctx }) => ({ id: (await discovery.startRfm(ctx.scope)).id })),
  rfm: workspaceProcedure.query(({ ctx }) => discovery.latestRfm(ctx.scope)),
  saveRfmGroup: requireRole("editor")
    .input(saveRfmGroupInput)
    .mutation(({ ctx, input }) => discovery.saveRfmGroup(ctx.scope, input.group, input.name)),
});
