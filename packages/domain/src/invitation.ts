import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { invitations, memberships, newId, users, workspaces, type Db } from "@facet/db";
import { roleLabels, type Role } from "@facet/validators";
import { recordAudit } from "./audit";
import { conflict, forbidden, notFound, preconditionFailed } from "./errors";
import type { Mailer } from "./mailer";
import { actingUserId, actorLabel, hasRole, requireRole, type WorkspaceScope } from "./scope";
import { sha256Hex } from "./shared/hash";

export const invitationLifetimeMs = 7 * 24 * 60 * 60_000;

const hashToken = sha256Hex;

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  invitedByEmail: string | null;
  expiresAt: Date;
  createdAt: Date;
}

/** The condition for a workspace's invitations that are still open: not accepted, revoked or expired. */
export const pendingIn = (workspaceId: string, now: Date) =>
  and(
    eq(invitations.workspaceId, workspaceId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, now),
  );

/** Invitations not yet accepted, revoked or expired. Admins only. */
export async function listInvitations(scope: WorkspaceScope, now = new Date()): Promise<PendingInvitation[]> {
  requireRole(scope, "admin");
  return scope.db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedByEmail: users.email,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(pendingIn(scope.workspaceId, now))
    .orderBy(desc(invitations.createdAt));
}

export interface CreatedInvitation {
  invitation: PendingInvitation;
  /** The link to accept; shown once to copy when no mail server is configured. */
  link: string;
  emailed: boolean;
}

/**
 * Invites someone by email. Inviting the same address again replaces the earlier invitation
 * (its link stops working). Only owners invite owners.
 */
export async function createInvitation(
  scope: WorkspaceScope,
  input: { email: string; role: Role },
  deps: { appUrl: string; mailer: Mailer | null; now?: Date },
): Promise<CreatedInvitation> {
  requireRole(scope, "admin");
  if (input.role === "owner" && !hasRole(scope, "owner")) throw forbidden("Only an owner can invite an owner.");
  const now = deps.now ?? new Date();
  const token = randomBytes(24).toString("base64url");
  const link = `${deps.appUrl.replace(/\/$/, "")}/invite/${token}`;

  const { invitation, workspaceName } = await scope.db.transaction(async (tx) => {
    const [already] = await tx
      .select({ userId: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, scope.workspaceId), eq(users.email, input.email)));
    if (already) throw conflict(`${input.email} is already a member of this workspace.`, "email");

    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.workspaceId, scope.workspaceId),
          eq(invitations.email, input.email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        workspaceId: scope.workspaceId,
        id: newId("inv"),
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: actingUserId(scope.actor),
        expiresAt: new Date(now.getTime() + invitationLifetimeMs),
      })
      .returning({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        expiresAt: invitations.expiresAt,
        createdAt: invitations.createdAt,
      });
    if (!row) throw new Error("invitation insert returned nothing");
    await recordAudit(tx, scope, {
      action: "invitation.created",
      targetType: "invitation",
      targetId: row.id,
      data: { email: row.email, role: row.role },
    });
    const [ws] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, scope.workspaceId));
    return { invitation: { ...row, invitedByEmail: actorLabel(scope.actor) }, workspaceName: ws?.name ?? "a workspace" };
  });

  let emailed = false;
  if (deps.mailer) {
    // The invitation stands even if mail fails: the admin can still copy the link.
    emailed = await deps.mailer
      .send({
        to: input.email,
        subject: `You're invited to ${workspaceName} on Facet`,
        text: [
          `${actorLabel(scope.actor)} invited you to join "${workspaceName}" on Facet as ${roleLabels[input.role]}.`,
          "",
          `Accept the invitation: ${link}`,
          "",
          `The link works for 7 days, only when you sign in as ${input.email}.`,
        ].join("\n"),
      })
      .then(() => true)
      .catch(() => false);
  }
  return { invitation, link, emailed };
}

export async function revokeInvitation(scope: WorkspaceScope, invitationId: string, now = new Date()): Promise<void> {
  requireRole(scope, "admin");
  await scope.db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.workspaceId, scope.workspaceId),
          eq(invitations.id, invitationId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email });
    if (!row) throw notFound("invitation");
    await recordAudit(tx, scope, {
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: row.id,
      data: { email: row.email },
    });
  });
}

export type InvitationStatus = "pending" | "expired" | "revoked" | "accepted";

export interface InvitationPreview {
  workspaceName: string;
  workspaceSlug: string;
  email: string;
  role: Role;
  invitedByEmail: string | null;
  status: InvitationStatus;
}

async function invitationByToken(db: Db, token: string) {
  const [row] = await db
    .select({
      workspaceId: invitations.workspaceId,
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      workspaceName: workspaces.name,
      workspaceSlug: workspaces.slug,
      invitedByEmail: users.email,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) throw notFound("invitation");
  return row;
}

function statusOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt <= now) return "expired";
  return "pending";
}

/** What the invite page shows. The token in the link is the only key to it. */
export async function previewInvitation(db: Db, token: string, now = new Date()): Promise<InvitationPreview> {
  const row = await invitationByToken(db, token);
  return {
    workspaceName: row.workspaceName,
    workspaceSlug: row.workspaceSlug,
    email: row.email,
    role: row.role,
    invitedByEmail: row.invitedByEmail,
    status: statusOf(row, now),
  };
}

const statusMessages: Record<Exclude<InvitationStatus, "pending">, string> = {
  accepted: "This invitation has already been used.",
  revoked: "This invitation was revoked. Ask an admin of the workspace for a new one.",
  expired: "This invitation has expired. Ask an admin of the workspace for a new one.",
};

/** Joins the workspace. Only the invited email can accept, once, before it expires. */
export async function acceptInvitation(
  db: Db,
  user: { id: string; email: string },
  token: string,
  now = new Date(),
): Promise<{ workspaceSlug: string }> {
  return db.transaction(async (tx) => {
    const row = await invitationByToken(tx, token);
    const status = statusOf(row, now);
    if (status !== "pending") throw preconditionFailed(statusMessages[status]);
    if (row.email !== user.email.toLowerCase()) {
      throw forbidden(`This invitation is for ${row.email}. Sign in with that email to accept it.`);
    }
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.workspaceId, row.workspaceId), eq(invitations.id, row.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (!claimed) throw preconditionFailed(statusMessages.accepted);
    const [joined] = await tx
      .insert(memberships)
      .values({ workspaceId: row.workspaceId, userId: user.id, role: row.role })
      .onConflictDoNothing()
      .returning({ role: memberships.role });
    if (joined) {
      await recordAudit(
        tx,
        { workspaceId: row.workspaceId, actor: { kind: "user", id: user.id, email: user.email } },
        {
          action: "member.joined",
          targetType: "member",
          targetId: user.id,
          data: { email: user.email, role: row.role, invitationId: row.id },
        },
      );
    }
    return { workspaceSlug: row.workspaceSlug };
  });
}
