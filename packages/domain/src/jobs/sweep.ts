import type { Db } from "@facet/db";
import { interruptedJobs, settleInterrupted } from "./store";
import { backoffDelay } from "./attempt";
import type { JobDefinition } from "./types";

/** A running job whose heartbeat is older than this belongs to a server that stopped. */
export const staleAfterMs = 45_000;

/**
 * Moves jobs whose server stopped while they ran on: another attempt after the backoff, or, with none left,
 * failed with the kind's own words (an import: "nothing was imported; run it again").
 */
export async function recoverInterrupted(
  db: Db,
  definitions: Map<string, JobDefinition<never>>,
  which: { staleMs: number } | { notRunner: string },
  onRetry?: (job: { id: string; kind: string; workspaceId: string | null; runAt: Date }) => Promise<void>,
) {
  const rows = await interruptedJobs(db, which);
  let moved = 0;
  for (const row of rows) {
    const def = definitions.get(row.kind);
    const interrupted = def?.policy.interrupted ?? "The server stopped while this ran.";
    if (def && row.attempts < def.policy.attempts) {
      const runAt = new Date(Date.now() + backoffDelay(def, row.attempts));
      if (await settleInterrupted(db, row.id, row.runnerId, { status: "retrying", runAt, error: `${interrupted} It runs again.` })) {
        moved += 1;
        await onRetry?.({ id: row.id, kind: row.kind, workspaceId: row.workspaceId, runAt });
      }
    } else if (await settleInterrupted(db, row.id, row.runnerId, { status: "failed", error: interrupted })) {
      moved += 1;
      await def?.onFailed?.({ db, payload: row.payload as never, jobId: row.id, workspaceId: row.workspaceId }, interrupted);
    }
  }
  return moved;
}
