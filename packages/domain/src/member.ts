import { and, asc, eq } from "drizzle-orm";
import { memberships, users } from "@facet/db";
import type { Role } from "@facet/validators";
import { recordAudit } from "./audit";
import { forbidden, notFound, preconditionFailed } from "./errors";
import { actingUserId, hasRole, requireRole, type WorkspaceScope } from "./scope";

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(scope: WorkspaceScope): Promise<Member[]> {
  return scope.db
    .select({
      userId: memberships.userId,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, scope.workspaceId))
    .orderBy(asc(users.name), asc(users.email));
}

type Tx = WorkspaceScope["db"];

async function lockedMember(tx: Tx, scope: WorkspaceScope, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, scope.workspaceId), eq(memberships.userId, userId)))
    .for("update", { of: memberships });
  if (!row) throw notFound("member");
  return row;
}

async function assertAnotherOwner(tx: Tx, scope: WorkspaceScope) {
  // Lock the owners so two concurrent demotions can't both see "another owner".
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, scope.workspaceId), eq(memberships.role, "owner")))
    .for("update");
  if (owners.length <= 1) {
    throw preconditionFailed("A workspace needs at least one owner. Make someone else an owner first.");
  }
}

/**
 * Changes a member's role. Admins manage members; only owners grant or take away the owner role.
 * The last owner can't be demoted.
 */
export async function updateMemberRole(scope: WorkspaceScope, userId: string, role: Role): Promise<Member> {
  requireRole(scope, "admin");
  return scope.db.transaction(async (tx) => {
    const target = await lockedMember(tx, scope, userId);
    if ((target.role === "owner" || role === "owner") && !hasRole(scope, "owner")) {
      throw forbidden("Only an owner can grant or remove the owner role.");
    }
    if (target.role === "owner" && role !== "owner") await assertAnotherOwner(tx, scope);
    const [row] = await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.workspaceId, scope.workspaceId), eq(memberships.userId, userId)))
      .returning({ userId: memberships.userId, role: memberships.role, joinedAt: memberships.createdAt });
    if (!row) throw notFound("member");
    if (target.role !== role) {
      await recordAudit(tx, scope, {
        action: "member.role_changed",
        targetType: "member",
        targetId: userId,
        data: { email: target.email, from: target.role, to: role },
      });
    }
    const [user] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
    return { ...row, name: user?.name ?? "", email: user?.email ?? target.email };
  });
}

/** Removes a member (admins), or leaves the workspace (anyone, for themselves). Never the last owner. */
export async function removeMember(scope: WorkspaceScope, userId: string): Promise<void> {
  const leaving = userId === actingUserId(scope.actor);
  if (!leaving) requireRole(scope, "admin");
  await scope.db.transaction(async (tx) => {
    const target = await lockedMember(tx, scope, userId);
    if (target.role === "owner") {
      if (!leaving && !hasRole(scope, "owner")) throw forbidden("Only an owner can remove an owner.");
      await assertAnotherOwner(tx, scope);
    }
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, scope.workspaceId), eq(memberships.userId, userId)));
    await recordAudit(tx, scope, {
      action: leaving ? "member.left" : "member.removed",
      targetType: "member",
      targetId: userId,
      data: { email: target.email, role: target.role },
    });
  });
}
