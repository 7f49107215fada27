import { and, asc, count, eq } from "drizzle-orm";
import { campaignAudience, customers, discoveryAssignments, rfmScores, invitations, memberships, workspaces, type Db } from "@facet/db";
import {
  createWorkspaceInput,
  updateWorkspaceInput,
  type CreateWorkspaceInput,
  type Role,
  type UpdateWorkspaceInput,
} from "@facet/validators";
import { addBuiltinAttributes } from "./attribute";
import { recordAudit } from "./audit";
import { pendingIn } from "./invitation";
import { conflict, invalid, notFound } from "./errors";
import { requireRole, type WorkspaceScope } from "./scope";

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

const reservedSlugs = new Set(["new", "settings", "api", "admin", "app", "www"]);

/** The workspaces the user belongs to, by name. */
export async function listWorkspaces(db: Db, userId: string): Promise<WorkspaceSummary[]> {
  return db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name), asc(workspaces.id));
}

/** A workspace by its URL slug, only if the user is a member; NOT_FOUND otherwise. */
export async function workspaceBySlug(db: Db, userId: string, slug: string): Promise<WorkspaceSummary> {
  const [row] = await db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: memberships.role })
    .from(workspaces)
    .innerJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, userId)))
    .where(eq(workspaces.slug, slug.toLowerCase()))
    .limit(1);
  if (!row) throw notFound("workspace");
  return row;
}

function assertSlugAllowed(slug: string) {
  if (reservedSlugs.has(slug)) throw invalid(`"${slug}" is reserved; choose another URL name.`, "slug");
}

const slugTaken = () => conflict("That URL name is taken; choose another.", "slug");

/** Creates a workspace with the creator as its owner. */
export async function createWorkspace(db: Db, user: { id: string; email: string }, raw: CreateWorkspaceInput): Promise<WorkspaceSummary> {
  const input = createWorkspaceInput.parse(raw);
  assertSlugAllowed(input.slug);
  return db.transaction(async (tx) => {
    const [ws] = await tx
      .insert(workspaces)
      .values({ name: input.name, slug: input.slug })
      .onConflictDoNothing()
      .returning({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug });
    if (!ws) throw slugTaken();
    await tx.insert(memberships).values({ workspaceId: ws.id, userId: user.id, role: "owner" });
    await addBuiltinAttributes(tx, ws.id);
    await recordAudit(
      tx,
      { workspaceId: ws.id, actor: { kind: "user", id: user.id, email: user.email } },
      {
        action: "workspace.created",
        targetType: "workspace",
        targetId: ws.id,
        data: { name: ws.name, slug: ws.slug },
      },
    );
    return { ...ws, role: "owner" as const };
  });
}

/** Renames a workspace or changes its URL name. Admins and owners. */
export async function updateWorkspace(scope: WorkspaceScope, raw: UpdateWorkspaceInput): Promise<WorkspaceSummary> {
  const input = updateWorkspaceInput.parse(raw);
  requireRole(scope, "admin");
  if (input.slug) assertSlugAllowed(input.slug);
  return scope.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: workspaces.name, slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, scope.workspaceId))
      .for("update");
    if (!before) throw notFound("workspace");
    const changes = { name: input.name ?? before.name, slug: input.slug ?? before.slug };
    if (changes.slug !== before.slug) {
      const [taken] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, changes.slug));
      if (taken) throw slugTaken();
    }
    const [ws] = await tx
      .update(workspaces)
      .set(changes)
      .where(eq(workspaces.id, scope.workspaceId))
      .returning({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug });
    if (!ws) throw notFound("workspace");
    await recordAudit(tx, scope, {
      action: "workspace.updated",
      targetType: "workspace",
      targetId: ws.id,
      data: { before, after: changes },
    });
    return { ...ws, role: scope.role };
  });
}

/** Deletes the workspace and everything in it. Owners only, after typing the URL name. */
export async function deleteWorkspace(scope: WorkspaceScope, confirmSlug: string): Promise<{ slug: string }> {
  requireRole(scope, "owner");
  const [ws] = await scope.db.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, scope.workspaceId));
  if (!ws) throw notFound("workspace");
  if (confirmSlug.trim().toLowerCase() !== ws.slug) {
    throw invalid(`Type "${ws.slug}" to confirm.`, "confirmSlug");
  }
  await purgeWorkspace(scope.db, scope.workspaceId);
  return ws;
}

/** Deletes a workspace and every row of it, in one transaction. */
export async function purgeWorkspace(db: Db, workspaceId: string) {
  await db.transaction(async (tx) => {
    // Campaign audiences, cluster assignments and RFM scores have no foreign keys to cascade through (see the schema): deleted first.
    await tx.delete(campaignAudience).where(eq(campaignAudience.workspaceId, workspaceId));
    await tx.delete(discoveryAssignments).where(eq(discoveryAssignments.workspaceId, workspaceId));
    await tx.delete(rfmScores).where(eq(rfmScores.workspaceId, workspaceId));
    await tx.delete(workspaces).where(eq(workspaces.id, workspaceId));
  });
}

export interface WorkspaceCounts {
  members: number;
  pendingInvitations: number;
  customers: number;
}

/** The figures on the dashboard. Later areas add their own counts here. */
export async function workspaceCounts(scope: WorkspaceScope, now = new Date()): Promise<WorkspaceCounts> {
  const [members] = await scope.db.select({ n: count() }).from(memberships).where(eq(memberships.workspaceId, scope.workspaceId));
  const [pending] = await scope.db.select({ n: count() }).from(invitations).where(pendingIn(scope.workspaceId, now));
  const [customerCount] = await scope.db.select({ n: count() }).from(customers).where(eq(customers.workspaceId, scope.workspaceId));
  return { members: members?.n ?? 0, pendingInvitations: pending?.n ?? 0, customers: customerCount?.n ?? 0 };
}
