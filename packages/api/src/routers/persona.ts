import { z } from "zod";
import { persona } from "@facet/domain";
import { comparePersonasInput, personaGalleryInput, personaInput, revokePersonaShareInput, updatePersonaInput } from "@facet/validators";
import { publicProcedure, requireRole, router, workspaceProcedure } from "../trpc";

export const personaRouter = router({
  /** A segment's persona card: the team's written part and the figures computed from its members. */
  card: workspaceProcedure.input(personaInput).query(({ ctx, input }) => persona.personaCard(ctx.scope, input.segmentId)),
  update: requireRole("editor")
    .input(updatePersonaInput)
    .mutation(({ ctx, input }) => persona.updatePersona(ctx.scope, input)),
  versions: workspaceProcedure.input(personaInput).query(({ ctx, input }) => persona.personaVersionsOf(ctx.scope, input.segmentId)),
  gallery: workspaceProcedure.input(personaGalleryInput).query(({ ctx, input }) => persona.personaGallery(ctx.scope, input)),
  compare: workspaceProcedure.input(comparePersonasInput).query(({ ctx, input }) => persona.comparePersonas(ctx.scope, input.segmentIds)),
  share: requireRole("editor")
    .input(personaInput)
    .mutation(({ ctx, input }) => persona.sharePersona(ctx.scope, input.segmentId)),
  shares: workspaceProcedure.input(personaInput).query(({ ctx, input }) => persona.listPersonaShares(ctx.scope, input.segmentId)),
  revokeShare: requireRole("editor")
    .input(revokePersonaShareInput)
    .mutation(({ ctx, input }) => persona.revokePersonaShare(ctx.scope, input.shareId)),
  /** A shared card, by the token in its link; no sign-in. */
  shared: publicProcedure
    .input(z.object({ token: z.string().min(10).max(100) }))
    .query(({ ctx, input }) => persona.sharedPersona(ctx.db, input.token)),
});
