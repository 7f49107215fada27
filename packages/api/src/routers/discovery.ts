import { discovery } from "@facet/domain";
import { discoveryRunInput, saveClusterInput, startClusteringInput } from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

export const discoveryRouter = router({
  /** Starts k-means in the background (a worker thread); poll `run` for progress and the result. */
  startClustering: requireRole("editor")
    .input(startClusteringInput)
    .mutation(async ({ ctx, input }) => ({ id: (await discovery.startClustering(ctx.scope, input)).id })),
  runs: workspaceProcedure.query(({ ctx }) => discovery.listRuns(ctx.scope)),
  run: workspaceProcedure.input(discoveryRunInput).query(({ ctx, input }) => discovery.runById(ctx.scope, input.runId)),
  saveCluster: requireRole("editor").input(saveClusterInput).mutation(({ ctx, input }) => discovery.saveCluster(ctx.scope, input)),
});
