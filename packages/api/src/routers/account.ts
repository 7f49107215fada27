import { account } from "@facet/domain";
import { signUpInput } from "@facet/validators";
import { protectedProcedure, publicProcedure, router } from "../trpc";

export const accountRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const user = await account.signUp(ctx.db, input, ctx.clientIp);
    return { id: user.id, email: user.email };
  }),
  me: protectedProcedure.query(({ ctx }) => ({ id: ctx.user.id, email: ctx.user.email, name: ctx.user.name })),
  revokeSessions: protectedProcedure.mutation(({ ctx }) => account.revokeSessions(ctx.db, ctx.user.id)),
});
