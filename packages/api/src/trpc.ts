import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import {
  DomainError,
  account,
  invalid,
  forbidden,
  notFound,
  requireRole as assertRole,
  resolveScope,
  type SessionUser,
  type WorkspaceScope,
} from "@facet/domain";
import { idOf, nulCharacterAt, nulMessage, type Role } from "@facet/validators";
import type { ApiContext, ApiKeyCall } from "./context";
import { fieldErrorsOf, genericMessage, isUnavailable, toTrpcError, unavailableMessage } from "./errors";

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    // Also when the database failed outside a procedure (the middleware maps the ones inside).
    const unavailable = isUnavailable(error) || isUnavailable(cause);
    const deliberate = error.code !== "INTERNAL_SERVER_ERROR";
    return {
      message: unavailable ? unavailableMessage : deliberate ? shape.message : genericMessage(ctx?.requestId ?? "unknown"),
      code: shape.code,
      data: {
        code: unavailable ? "SERVICE_UNAVAILABLE" : shape.data.code,
        httpStatus: unavailable ? 503 : shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.requestId,
        field: cause instanceof DomainError ? (cause.field ?? null) : null,
        fieldErrors: cause instanceof ZodError ? fieldErrorsOf(cause) : null,
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

/**
 * Refuses input holding a NUL character, naming its field, before validators or queries see it: the
 * database can't store NUL, so it used to fail there as a 500 (search, filters, names, cursors).
 */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  const at = nulCharacterAt(await getRawInput());
  if (at !== null) throw invalid(nulMessage(at), at || undefined);
  return next();
});

export const publicProcedure = t.procedure.use(domainErrors).use(refuseNul);

async function sessionUser(ctx: ApiContext) {
  const claim = ctx.session;
  const user = claim ? await account.sessionUser(ctx.db, claim.userId, claim.sessionVersion) : null;
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
  return user;
}

/** A signed-in user whose session has not been revoked (checked in the database on every call). */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => next({ ctx: { user: await sessionUser(ctx) } }));

type Caller = { kind: "member"; user: SessionUser } | { kind: "apiKey"; key: ApiKeyCall };

/**
 * Who calls a workspace procedure: a member signed in to the app (the session procedure), or an API
 * key through REST API v1 (the API-key procedure). A key reaches only the one procedure its REST
 * operation names; the REST adapter authenticated it in the database for this request.
 */
const sessionOrApiKey = publicProcedure.use(async ({ ctx, path, next }) => {
  const key = ctx.apiKey;
  if (key && key.procedure !== path)
    throw new TRPCError({ code: "FORBIDDEN", message: "API keys reach only the operations of REST API v1." });
  const caller: Caller = key ? { kind: "apiKey", key } : { kind: "member", user: await sessionUser(ctx) };
  return next({ ctx: { caller } });
});

/**
 * A member of the workspace named in the input, or a key of that workspace; puts `ctx.scope` (with its
 * actor) in place. Not a member, or another workspace's key: NOT_FOUND.
 */
export const workspaceProcedure = sessionOrApiKey.input(z.object({ workspaceId: idOf("ws") })).use(async ({ ctx, input, next }) => {
  const { caller } = ctx;
  const scope =
    caller.kind === "apiKey"
      ? apiKeyScopeIn(ctx, caller.key, input.workspaceId)
      : await resolveScope(ctx.db, caller.user.id, input.workspaceId);
  return next({ ctx: { scope: { ...scope, jobs: ctx.jobs } } });
});

function apiKeyScopeIn(ctx: ApiContext, key: ApiKeyCall, workspaceId: string): WorkspaceScope {
  if (key.actor.permission !== "readWrite")
    throw forbidden("This is a write-only key for the ingest API; the REST API needs a read-and-write key.");
  if (key.workspaceId !== workspaceId) throw notFound("workspace");
  return { db: ctx.db, workspaceId, actor: key.actor, role: key.role };
}

/** A member with at least this role. The domain checks again, with the finer rules. */
export const requireRole = (min: Role) =>
  workspaceProcedure.use(({ ctx, next }) => {
    assertRole(ctx.scope, min);
    return next();
  });
