import type { Db } from "@facet/db";
import { notify, resolveNotifications, segmentRecipients, type NotifyDeps } from "../notification";

/** A check that has just started failing, as its segment's owner is told. */
export interface CheckAlert {
  workspaceId: string;
  segmentId: string;
  checkId: string;
  title: string;
  body: string;
  /** A path inside the workspace: the segment's page. */
  link: string;
}

/** The notifications' kind for a failing check; one open notification per check (its key). */
export const checkFailedKind = "check_failed";

/**
 * Tells the segment's owner (its maker, or the workspace's owners when the maker is gone or was a key) that a
 * check started failing: under the bell, and by email when the process has a mailer. The one place a check's
 * alert leaves the check code; called after the status change committed.
 */
export async function alertCheckFailed(db: Db, alert: CheckAlert, deps: NotifyDeps = {}): Promise<void> {
  for (const userId of await segmentRecipients(db, alert.workspaceId, alert.segmentId)) {
    await notify(
      db,
      {
        workspaceId: alert.workspaceId,
        userId,
        kind: checkFailedKind,
        segmentId: alert.segmentId,
        dedupKey: alert.checkId,
        title: alert.title,
        body: alert.body,
        link: alert.link,
      },
      deps,
    );
  }
}

/** The check passes again (or is deleted): its open notifications are resolved, so the next failure is news again. */
export async function clearCheckAlert(db: Db, check: { workspaceId: string; checkId: string }): Promise<void> {
  await resolveNotifications(db, { workspaceId: check.workspaceId, kind: checkFailedKind, dedupKey: check.checkId });
}
