import { and, eq, isNull, sql } from "drizzle-orm";
import { newId, notifications, queryRows, users, workspaces, type Db } from "@facet/db";
import type { Mailer } from "../mailer";

export interface NotifyInput {
  workspaceId: string;
  /** The member told. */
  userId: string;
  /** What happened, in one word a list can group by: `refresh_failed`, `check_failed`… */
  kind: string;
  segmentId?: string | null;
  /**
   * What makes two notifications "the same problem": while one with this recipient, kind and key is unresolved,
   * notify() makes no other. Defaults to the segment; with neither, every call notifies.
   */
  dedupKey?: string | null;
  title: string;
  body: string;
  /** A path inside the workspace, e.g. `/segments/seg_…`. */
  link?: string | null;
}

/** What the process gives to reach people outside the app: a mailer when SMTP is configured. */
export interface NotifyDeps {
  mailer?: Mailer | null;
  /** Base URL for links in emails (APP_URL); without it the email names the page but has no link. */
  appUrl?: string | null;
  log?: (level: "info" | "error", message: string, data: Record<string, unknown>) => void;
}

/**
 * Tells a member something about their workspace: a notification under the bell and, when SMTP is configured, an
 * email. One ongoing problem notifies once: while an unresolved notification of the same recipient, kind and key
 * exists this returns it (`created: false`) and sends nothing. Call it after the transaction that found the
 * problem has committed (the email can't be taken back). A failed email is logged, never thrown: the
 * notification stands.
 */
export async function notify(db: Db, input: NotifyInput, deps: NotifyDeps = {}): Promise<{ id: string; created: boolean }> {
  const dedupKey = input.dedupKey ?? input.segmentId ?? null;
  const id = newId("ntf");
  const title = input.title.slice(0, 200);
  const body = input.body.slice(0, 2000);
  // The partial unique index on open notifications decides, so two processes raising the same problem make one.
  const inserted = await queryRows<{ id: string }>(
    db,
    sql`insert into notifications (workspace_id, id, user_id, kind, segment_id, dedup_key, title, body, link)
        values (${input.workspaceId}, ${id}, ${input.userId}, ${input.kind}, ${input.segmentId ?? null}, ${dedupKey},
                ${title}, ${body}, ${input.link ?? null})
        on conflict (workspace_id, user_id, kind, dedup_key) where resolved_at is null do nothing
        returning id`,
  );
  if (inserted.length === 0) {
    const [open] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        and(
          eq(notifications.workspaceId, input.workspaceId),
          eq(notifications.userId, input.userId),
          eq(notifications.kind, input.kind),
          eq(notifications.dedupKey, dedupKey!),
          isNull(notifications.resolvedAt),
        ),
      );
    // Resolved between the insert and this read: the problem is gone, nothing to say.
    return { id: open?.id ?? id, created: false };
  }
  if (deps.mailer) await sendEmail(db, { ...input, title, body }, id, deps);
  return { id, created: true };
}

async function sendEmail(db: Db, input: NotifyInput, id: string, deps: NotifyDeps) {
  const [who] = await db
    .select({ email: users.email, workspace: workspaces.name, slug: workspaces.slug })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, input.workspaceId))
    .where(eq(users.id, input.userId));
  if (!who) return;
  const link = input.link ? (deps.appUrl ? `${deps.appUrl.replace(/\/$/, "")}/w/${who.slug}${input.link}` : null) : null;
  const text = [input.body, link ? `Open it in Facet: ${link}` : `Open Facet and look under the bell in ${who.workspace}.`].join("\n\n");
  try {
    await deps.mailer!.send({ to: who.email, subject: `${input.title} (${who.workspace})`, text });
    await db
      .update(notifications)
      .set({ emailedAt: new Date() })
      .where(and(eq(notifications.workspaceId, input.workspaceId), eq(notifications.id, id)));
  } catch (error) {
    deps.log?.("error", "notification email failed", { notificationId: id, kind: input.kind, error: (error as Error).message });
  }
}

/**
 * The problem behind a kind of notification is gone (for a segment, or a key): its open notifications are marked
 * resolved for every recipient, so the next occurrence notifies again. Returns how many were open.
 */
export async function resolveNotifications(
  db: Db,
  where: { workspaceId: string; kind: string; segmentId?: string | null; dedupKey?: string | null },
): Promise<number> {
  const key = where.dedupKey ?? where.segmentId ?? null;
  if (key === null) return 0;
  const rows = await db
    .update(notifications)
    .set({ resolvedAt: new Date() })
    .where(
      and(
        eq(notifications.workspaceId, where.workspaceId),
        eq(notifications.kind, where.kind),
        eq(notifications.dedupKey, key),
        isNull(notifications.resolvedAt),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}
