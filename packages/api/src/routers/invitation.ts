import { invitation } from "@facet/domain";
import { createInvitationInput, invitationIdInput, invitationTokenInput } from "@facet/validators";
import { protectedProcedure, publicProcedure, requireRole, router } from "../trpc";

export const invitationRouter = router({
  list: requireRole("admin").query(({ ctx }) => invitation.listInvitations(ctx.scope)),
  create: requireRole("admin")
    .input(createInvitationInput)
    .mutation(({ ctx, input }) => invitation.createInvitation(ctx.scope, input, { appUrl: ctx.appUrl, mailer: ctx.mailer })),
  revoke: requireRole("admin")
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => invitation.revokeInvitation(ctx.scope, input.invitationId)),
  /** Public: the token is the key. Shows whom the invitation is for, so they can sign in as that email. */
  byToken: publicProcedure.input(invitationTokenInput).query(({ ctx, input }) => invitation.previewInvitation(ctx.db, input.token)),
  accept: protectedProcedure
    .input(invitationTokenInput)
    .mutation(({ ctx, input }) => invitation.acceptInvitation(ctx.db, ctx.user, input.token)),
});
