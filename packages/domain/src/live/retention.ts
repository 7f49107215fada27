import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@facet/db";

/** How long the change log keeps an entry unless configured otherwise. */
export const defaultChangeLogRetentionDays = 90;

/** Entries deleted per statement: small enough that a batch commits in well under a second. */
export const pruneBatchSize = 5000;

export interface PruneResult {
  deleted: number;
  /** False when it stopped early (time budget or abort) with old entries left for the next run. */
  done: boolean;
}

/**
 * Deletes change-log entries older than the retention period, workspace by workspace, in batches (each its own
 * statement and commit, along the (workspace_id, at) index), so a big backlog never holds one long transaction.
 */
export async function pruneChangeLog(
  db: Db,
  opts: { retentionDays: number; now?: Date; batchSize?: number; budgetMs?: number; signal?: AbortSignal },
): Promise<PruneResult> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.retentionDays * 86_400_000).toISOString();
  const batch = opts.batchSize ?? pruneBatchSize;
  const until = Date.now() + (opts.budgetMs ?? 4 * 60_000);
  const workspaces = await queryRows<{ id: string }>(db, sql`select id from workspaces order by id`);
  let deleted = 0;
  for (const { id } of workspaces) {
    for (;;) {
      if (Date.now() > until || opts.signal?.aborted) return { deleted, done: false };
      const [r] = await queryRows<{ n: number }>(
        db,
        sql`with doomed as (
              select segment_id, seq from segment_changes where workspace_id = ${id} and at < ${cutoff}::timestamptz limit ${batch}
            ), gone as (
              delete from segment_changes s using doomed d
              where s.workspace_id = ${id} and s.segment_id = d.segment_id and s.seq = d.seq
              returning 1
            )
            select count(*)::int as n from gone`,
      );
      deleted += r!.n;
      if (r!.n < batch) break;
    }
  }
  return { deleted, done: true };
}
