import { and, eq } from "drizzle-orm";
import { memberships, users, workspaces, type Db } from "@facet/db";
import { roleLabels, roleRank, type Role } from "@facet/validators";
import { forbidden, notFound } from "./errors";
import type { Jobs } from "./jobs/types";

/**
 * Who acts: a member signed in to the app, an API key (REST API v1 or the ingest API), or Facet
 * itself (a scheduled job acting for the workspace).
 */
export type Actor =
  | { kind: "user"; id: string; email: string }
  | { kind: "apiKey"; id: string; name: string; permission: "write" | "readWrite" }
  | { kind: "system"; name: string };

/** Who is acting, in which workspace, with which role. Every tenant function takes one. */
export interface WorkspaceScope {
  db: Db;
  workspaceId: string;
  actor: Actor;
  /** The role the actor acts with: a member's own, "editor" for a read-and-write API key. */
  role: Role;
  /** The job system, for work that outlives the call (the app's procedures always have it). */
  jobs?: Jobs;
}

/** The member behind an action, for "created by" columns; null for API keys and the system. */
export const actingUserId = (actor: Actor): string | null => (actor.kind === "user" ? actor.id : null);

/** How an action's author reads in the app: the member's email, the key's name. */
export const actorLabel = (actor: Actor): string =>
  actor.kind === "user" ? actor.email : actor.kind === "apiKey" ? `API key "${actor.name}"` : actor.name;

/**
 * Reads the user's membership from the database (never from the session token).
 * Not a member, or no such workspace: NOT_FOUND, so an outsider learns nothing.
 */
export async function resolveScope(db: Db, userId: string, workspaceId: string): Promise<WorkspaceScope> {
  const [row] = await db
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw notFound("workspace");
  return { db, workspaceId, actor: { kind: "user", id: userId, email: row.email }, role: row.role };
}

export function hasRole(scope: Pick<WorkspaceScope, "role">, min: Role): boolean {
  return roleRank[scope.role] >= roleRank[min];
}

export function requireRole(scope: Pick<WorkspaceScope, "role">, min: Role): void {
  if (!hasRole(scope, min)) {
    throw forbidden(`This needs the ${roleLabels[min]} role or higher; you are ${article(roleLabels[scope.role])}.`);
  }
}

const article = (word: string) => (/^[AEIOU]/.test(word) ? `an ${word}` : `a ${word}`);
