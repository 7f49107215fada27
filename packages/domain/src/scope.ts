import { and, eq } from "drizzle-orm";
import { memberships, users, workspaces, type Db } from "@facet/db";
import { roleLabels, roleRank, type Role } from "@facet/validators";
import { forbidden, notFound } from "./errors";

/** Who is acting, in which workspace, with which role. Every tenant function takes one. */
export interface WorkspaceScope {
  db: Db;
  workspaceId: string;
  userId: string;
  userEmail: string;
  role: Role;
}

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
  return { db, workspaceId, userId, userEmail: row.email, role: row.role };
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
