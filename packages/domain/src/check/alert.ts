import type { Db } from "@facet/db";
import { recordAudit } from "../audit";

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

const checks = { kind: "system", name: "Segment checks" } as const;

/**
 * Tells the segment's owner that a check started failing. The one place a check's alert leaves the check
 * code, called after the status change committed. (Written to the audit log until in-app notifications land.)
 */
export async function alertCheckFailed(db: Db, alert: CheckAlert): Promise<void> {
  await recordAudit(
    db,
    { workspaceId: alert.workspaceId, actor: checks },
    {
      action: "segment.checkFailed",
      targetType: "segment",
      targetId: alert.segmentId,
      data: { checkId: alert.checkId, title: alert.title, body: alert.body },
    },
  );
}

/** The check passes again: the next failure is news again. */
export async function clearCheckAlert(_db: Db, _check: { workspaceId: string; checkId: string }): Promise<void> {}
