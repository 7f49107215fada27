import "server-only";
import { randomUUID } from "node:crypto";
import { domainToHttpStatus, genericMessage } from "@facet/api";
import { account, isDomainError, resolveScope, type WorkspaceScope } from "@facet/domain";
import { authKit } from "./auth";
import { db } from "./db";
import { logger } from "./logger";

export const jsonError = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  Response.json({ error: { message, ...extra } }, { status });

/** The signed-in member's scope in a workspace, for plain HTTP routes; null when signed out. */
export async function sessionScope(workspaceId: string): Promise<WorkspaceScope | null> {
  const session = await authKit().auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await account.sessionUser(db(), userId, session.sessionVersion ?? 0);
  if (!user) return null;
  return resolveScope(db(), user.id, workspaceId);
}

/** Runs a route body; domain errors become their HTTP status, anything else a logged 500. */
export async function handle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (isDomainError(error)) return jsonError(domainToHttpStatus[error.code], error.message, { field: error.field ?? null });
    const requestId = randomUUID();
    logger().error({ err: error, requestId }, "route failed");
    return jsonError(500, genericMessage(requestId), { requestId });
  }
}
