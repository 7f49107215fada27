import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z, ZodError } from "zod";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@facet/db";
import { DomainError, type DomainErrorCode } from "@facet/domain";

/** The one place domain errors get their code; tRPC turns the code into the HTTP status. */
export const domainToTrpc: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  LIMIT: "TOO_MANY_REQUESTS",
};

export const unavailableMessage = "Facet can't reach its database right now. Try again in a few seconds.";

/** The headers of a 503: when to try again (Segment's libraries and other ingest clients retry). */
export const unavailableHeaders = (): Record<string, string> => ({ "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) });

/** Whether an error, as thrown or as tRPC wrapped it, means the database can't be reached right now. */
export const isUnavailable = (error: unknown) =>
  (error instanceof TRPCError && error.code === "SERVICE_UNAVAILABLE") || isDatabaseUnavailable(error);

/**
 * The status and headers of a tRPC response: a 503 with Retry-After when the database was out of
 * reach (tRPC gives the status from the code, so a failure outside a procedure needs this too).
 */
export const trpcResponseMeta = ({ errors }: { errors: TRPCError[] }): { status?: number; headers?: Record<string, string> } =>
  errors.some(isUnavailable) ? { status: 503, headers: unavailableHeaders() } : {};

export function toTrpcError(error: unknown): TRPCError | null {
  if (isDatabaseUnavailable(error)) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: unavailableMessage, cause: error });
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError) return new TRPCError({ code: domainToTrpc[error.code], message: error.message, cause: error });
  if (error instanceof ZodError) return new TRPCError({ code: "BAD_REQUEST", message: "Some fields are not valid.", cause: error });
  return null;
}

const pathWords: Record<string, string> = {
  event: "Event name",
  property: "Property",
  attribute: "Attribute",
  segmentId: "Segment",
  days: "Days",
  from: "From",
  to: "To",
  count: "Count",
  value: "Value",
  subject: "Subject",
  body: "Body",
  cta: "Call to action",
  offer: "Offer",
};
const words = (key: string) =>
  pathWords[key] ??
  key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .replace(/^./, (c) => c.toUpperCase());

/**
 * Zod issues by top-level field, as forms show them. An issue deeper inside a field (a rule of a segment
 * definition, a variant of a campaign) says which part it is about: "Event name: This can't be empty".
 */
export function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const [top, ...rest] = issue.path;
    const key = top === undefined ? "" : String(top);
    const inner = [...rest].reverse().find((p): p is string => typeof p === "string");
    (out[key] ??= []).push(inner ? `${words(inner)}: ${issue.message}` : issue.message);
  }
  return out;
}

export const genericMessage = (requestId: string) =>
  `Something went wrong on our side. If it keeps happening, contact support with reference ${requestId}.`;

/** The JSON error body of plain HTTP routes (REST API v1, uploads, downloads). */
export interface HttpErrorBody {
  error: { message: string; code: string; field?: string | null; requestId?: string };
}

/**
 * Any error as an HTTP status and body: a deliberate one (DomainError, invalid input, a tRPC error)
 * with its message and field; the database out of reach as a 503 with Retry-After; anything else as
 * a 500 with a generic message and the request id.
 */
export function httpError(
  error: unknown,
  requestId: string,
): { status: number; body: HttpErrorBody; unexpected: boolean; headers: Record<string, string> } {
  if (isUnavailable(error)) {
    return {
      status: 503,
      body: { error: { message: unavailableMessage, code: "SERVICE_UNAVAILABLE", requestId } },
      unexpected: false,
      headers: unavailableHeaders(),
    };
  }
  const known = toTrpcError(error);
  if (!known || known.code === "INTERNAL_SERVER_ERROR") {
    return {
      status: 500,
      body: { error: { message: genericMessage(requestId), code: "INTERNAL_SERVER_ERROR", requestId } },
      unexpected: true,
      headers: {},
    };
  }
  const cause = known.cause;
  const message = cause instanceof ZodError ? z.prettifyError(cause) : known.message;
  const field =
    cause instanceof DomainError ? (cause.field ?? null) : cause instanceof ZodError ? cause.issues[0]?.path.join(".") || null : null;
  return {
    status: getHTTPStatusCodeFromError(known),
    body: { error: { message, code: known.code, field } },
    unexpected: false,
    headers: {},
  };
}
