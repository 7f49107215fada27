import { z } from "zod";
import { demo, workspace } from "@facet/domain";
import { createDemoInput, createWorkspaceInput, deleteWorkspaceInput, demoStatusInput, updateWorkspaceInput } from "@facet/validators";
import { protectedProcedure, requireRole, router, workspaceProcedure } from "../trpc";

export const workspaceRouter = router({
  list: protectedProcedure.query(({ ctx }) => workspace.listWorkspaces(ctx.db, ctx.user.id)),
  bySlug: protectedProcedure
    .input(z.object({ slug: z.string().max(100) }))
    .query(({ ctx, input }) => workspace.workspaceBySlug(ctx.db, ctx.user.id, input.slug)),
  create: protectedProcedure.input(createWorkspaceInput).mutation(({ ctx, input }) => workspace.createWorkspace(ctx.db, ctx.user, input)),
  /** Starts making a workspace of realistic demo customers and events (a job); poll `demoStatus`. */
  createDemo: protectedProcedure
    .input(createDemoInput)
    .mutation(({ ctx, input }) => demo.startDemoWorkspace(ctx.jobs, ctx.user, { customers: input.customers, seed: Date.now() % 100_000 })),
  /** The caller's demo workspace in the making (the job given, or their latest): progress, then the workspace or why it failed. */
  demoStatus: protectedProcedure.input(demoStatusInput).query(({ ctx, input }) => demo.demoStatus(ctx.jobs, ctx.user.id, input.jobId)),
  update: requireRole("admin")
    .input(updateWorkspaceInput)
    .mutation(({ ctx, input }) => workspace.updateWorkspace(ctx.scope, input)),
  delete: requireRole("owner")
    .input(deleteWorkspaceInput)
    .mutation(({ ctx, input }) => workspace.deleteWorkspace(ctx.scope, input.confirmSlug)),
  counts: workspaceProcedure.query(({ ctx }) => workspace.workspaceCounts(ctx.scope)),
});
