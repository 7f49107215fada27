import { TRPCClientError } from "@trpc/client";

/** The message to show a person for a failed call. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as { fieldErrors?: Record<string, string[]> | null } | undefined;
    const first = data?.fieldErrors ? Object.values(data.fieldErrors).flat()[0] : undefined;
    return first ?? error.message;
  }
  return "Something went wrong. Check your connection and try again.";
}

/** The form field a deliberate error belongs to, when the server named one. */
export function errorField(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data = error.data as { field?: string | null; fieldErrors?: Record<string, string[]> | null } | undefined;
    if (data?.field) return data.field;
    const keys = data?.fieldErrors ? Object.keys(data.fieldErrors) : [];
    if (keys.length === 1) return keys[0] ?? null;
  }
  return null;
}

/** The message for one form field when a failed call was about it (zod's issues or a domain error naming it), else null. */
export function fieldError(error: unknown, field: string): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { field?: string | null; fieldErrors?: Record<string, string[]> | null } | undefined;
  const messages = data?.fieldErrors?.[field];
  if (messages?.length) return messages[0] ?? null;
  return data?.field === field ? error.message : null;
}

/** The error to show above a form: only when no field of the form shows it. */
export function formError(error: unknown, fields: readonly string[]): string | null {
  if (!error) return null;
  return fields.some((f) => fieldError(error, f)) ? null : errorMessage(error);
}
