/** The closed list of deliberate failures. Anything else is a bug and reaches users as a generic error. */
export const domainErrorCodes = ["NOT_FOUND", "CONFLICT", "INVALID", "FORBIDDEN", "PRECONDITION_FAILED", "LIMIT"] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The form field the message belongs to, when there is one. */
    readonly field?: string,
    /** For LIMIT: how long to wait before trying again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (thing: string, id?: string) =>
  new DomainError("NOT_FOUND", id ? `No ${thing} with id ${id}.` : `That ${thing} doesn't exist or you don't have access to it.`);
export const conflict = (message: string, field?: string) => new DomainError("CONFLICT", message, field);
export const invalid = (message: string, field?: string) => new DomainError("INVALID", message, field);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const preconditionFailed = (message: string) => new DomainError("PRECONDITION_FAILED", message);
export const limited = (message: string, retryAfterSeconds?: number) => new DomainError("LIMIT", message, undefined, retryAfterSeconds);

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
