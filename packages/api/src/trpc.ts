import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { DomainError, account, requireRole as assertRole, resolveScope } from "@facet/domain";
import { idOf, type Role } from "@facet/validators";
import type { ApiContext } from "./context";
import { genericMessage, toTrpcError } from "./errors";

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const deliberate = error.code !== "INTERNAL_SERVER_ERROR";
    return {
      message: deliberate ? shape.message : genericMessage(ctx?.requestId ?? "unknown"),
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.requestId,
        field: cause instanceof DomainError ? (cause.field ?? null) : null,
        fieldErrors: cause instanceof ZodError ? z.flattenError(cause).fieldErrors : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns DomainError and ZodError thrown by the domain into tRPC errors with the right code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** A signed-in user whose session has not been revoked (checked in the database on every call). */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const claim = ctx.session;
  const user = claim ? await account.sessionUser(ctx.db, claim.userId, claim.sessionVersion) : null;
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
  return next({ ctx: { user } });
});

/** A member of the workspace named in the input; puts `ctx.scope` in place. Not a member: NOT_FOUND. */
export const workspaceProcedure = protectedProcedure.input(z.object({ workspaceId: idOf("ws") })).use(async ({ ctx, input, next }) => {
  const scope = await resolveScope(ctx.db, ctx.user.id, input.workspaceId);
  return next({ ctx: { scope } });
});

/** A member with at least this role. The domain checks again, with the finer rules. */
export const requireRole = (min: Role) =>
  workspaceProcedure.use(({ ctx, next }) => {
    assertRole(ctx.scope, min);
    return next();
  });
