import { z } from "zod";
import { attribute } from "@facet/domain";
import { attributeIdInput, attributeKeyInput, createAttributeInput, retypeAttributeInput, updateAttributeInput } from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

export const attributeRouter = router({
  list: workspaceProcedure
    .input(z.object({ includeArchived: z.boolean().default(false) }))
    .query(({ ctx, input }) => attribute.listAttributes(ctx.scope, input)),
  /** The most common values with counts, or the range, for suggestions in the rule builder. */
  values: workspaceProcedure.input(attributeKeyInput).query(({ ctx, input }) => attribute.summarizeValues(ctx.scope, input.key)),
  create: requireRole("admin")
    .input(createAttributeInput)
    .mutation(({ ctx, input }) => attribute.createAttribute(ctx.scope, input)),
  update: requireRole("admin")
    .input(updateAttributeInput)
    .mutation(({ ctx, input }) => attribute.updateAttribute(ctx.scope, input)),
  /** What changing the type would do to stored values; changes nothing. */
  retypePreview: requireRole("admin")
    .input(retypeAttributeInput)
    .query(({ ctx, input }) => attribute.previewRetype(ctx.scope, input)),
  retype: requireRole("admin")
    .input(retypeAttributeInput)
    .mutation(({ ctx, input }) => attribute.retypeAttribute(ctx.scope, input)),
  archive: requireRole("admin")
    .input(attributeIdInput.extend({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => attribute.setAttributeArchived(ctx.scope, input.attributeId, input.archived)),
});
