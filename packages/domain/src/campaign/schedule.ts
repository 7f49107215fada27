import { and, eq, isNotNull, isNull, lt, lte } from "drizzle-orm";
import { campaigns, type Db } from "@facet/db";
import { recordAudit } from "../audit";
import { isDomainError } from "../errors";
import type { WorkspaceScope } from "../scope";
import { launchCampaign, utcDay } from "./launch";

/** Facet itself, acting on a campaign's dates. */
const scheduler = (db: Db, workspaceId: string): WorkspaceScope => ({
  db,
  workspaceId,
  actor: { kind: "system", name: "Campaign schedule" },
  role: "editor",
});

/**
 * Campaigns follow their dates (the minute job): a scheduled campaign launches on its start date (UTC), which
 * freezes its audience then; a running one completes after its end date. A scheduled campaign that can't
 * launch (its targets are gone) goes back to draft, and the audit log says why.
 */
export async function runCampaignSchedule(db: Db, opts: { now?: Date; workspaceId?: string } = {}) {
  const now = opts.now ?? new Date();
  const today = utcDay(now);
  // One workspace only: tests sharing a database.
  const only = opts.workspaceId ? eq(campaigns.workspaceId, opts.workspaceId) : undefined;
  const due = await db
    .select({ workspaceId: campaigns.workspaceId, id: campaigns.id })
    .from(campaigns)
    .where(and(only, eq(campaigns.status, "scheduled"), isNull(campaigns.launchedAt), lte(campaigns.startsOn, today)))
    .limit(100);
  let launched = 0;
  for (const c of due) {
    const scope = scheduler(db, c.workspaceId);
    try {
      await launchCampaign(scope, c.id, undefined, { now });
      launched++;
    } catch (err) {
      if (!isDomainError(err)) throw err;
      await db
        .update(campaigns)
        .set({ status: "draft", updatedAt: new Date() })
        .where(and(eq(campaigns.workspaceId, c.workspaceId), eq(campaigns.id, c.id), isNull(campaigns.launchedAt)));
      await recordAudit(db, scope, {
        action: "campaign.schedule_failed",
        targetType: "campaign",
        targetId: c.id,
        data: { reason: err.message },
      });
    }
  }
  const ended = await db
    .update(campaigns)
    .set({ status: "completed", updatedAt: new Date() })
    .where(and(only, eq(campaigns.status, "running"), isNotNull(campaigns.launchedAt), lt(campaigns.endsOn, today)))
    .returning({ workspaceId: campaigns.workspaceId, id: campaigns.id });
  for (const c of ended)
    await recordAudit(db, scheduler(db, c.workspaceId), { action: "campaign.completed", targetType: "campaign", targetId: c.id });
  return { launched, completed: ended.length };
}
