import { ingest } from "@facet/domain";
import { ingestLogListInput } from "@facet/validators";
import { requireRole, router } from "../trpc";

export const ingestLogRouter = router({
  list: requireRole("admin")
    .input(ingestLogListInput)
    .query(({ ctx, input }) => ingest.listIngestRejections(ctx.scope, input)),
});
