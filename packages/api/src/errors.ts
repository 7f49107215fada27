import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import { DomainError, type DomainErrorCode } from "@facet/domain";

/** The one place domain errors become tRPC (and so HTTP) errors. */
export const domainToTrpc: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  LIMIT: "TOO_MANY_REQUESTS",
};

/** The same mapping for plain HTTP routes (uploads, downloads, REST). */
export const domainToHttpStatus: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 400,
  FORBIDDEN: 403,
  PRECONDITION_FAILED: 412,
  LIMIT: 429,
};

export function toTrpcError(error: unknown): TRPCError | null {
  if (error instanceof DomainError) return new TRPCError({ code: domainToTrpc[error.code], message: error.message, cause: error });
  if (error instanceof ZodError) return new TRPCError({ code: "BAD_REQUEST", message: "Some fields are not valid.", cause: error });
  return null;
}

export const genericMessage = (requestId: string) =>
  `Something went wrong on our side. If it keeps happening, contact support with reference ${requestId}.`;
