import { sql } from "drizzle-orm";
import type { Db } from "@facet/db";
import type { Jobs } from "../jobs/types";

/** Why a customer changed, as the change log shows it. */
export type ChangeCause = "event" | "identify" | "import" | "edit" | "merge" | "created";

export interface CustomerChange {
  customerId: string;
  cause: ChangeCause;
  /** The dependency index's words for what changed (`*`: anything may have). */
  touches: string[];
  detail?: Record<string, unknown>;
}

/**
 * Writes customer changes to the outbox, in the caller's transaction, with one multi-row statement however
 * many there are. The live evaluator picks them up once the transaction commits (see `wakeLiveAudiences`).
 */
export async function recordCustomerChanges(tx: Db, workspaceId: string, changes: readonly CustomerChange[]) {
  if (changes.length === 0) return;
  const rows = changes.map((c) => ({ customer_id: c.customerId, cause: c.cause, touches: c.touches, detail: c.detail ?? {} }));
  await tx.execute(sql`insert into customer_changes (workspace_id, customer_id, cause, touches, detail)
    select ${workspaceId}, customer_id, cause, array(select jsonb_array_elements_text(touches)), detail
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(customer_id text, cause text, touches jsonb, detail jsonb)`);
}

/**
 * The same for every customer a query selects (imports: set-based, one statement for a million rows).
 * `customerIds` is a query returning one column of customer ids.
 */
export async function recordCustomerChangesFor(
  tx: Db,
  workspaceId: string,
  customerIds: ReturnType<typeof sql>,
  change: Omit<CustomerChange, "customerId">,
) {
  await tx.execute(sql`insert into customer_changes (workspace_id, customer_id, cause, touches, detail)
    select ${workspaceId}, id, ${change.cause}, array(select jsonb_array_elements_text(${JSON.stringify(change.touches)}::jsonb)),
           ${JSON.stringify(change.detail ?? {})}::jsonb
    from (${customerIds}) as changed(id)`);
}

/**
 * Asks the live evaluator to take the workspace's pending changes: call it after the transaction that wrote
 * them committed. At most one evaluation waits per workspace (the job key); a running one drops its key when
 * it starts, so a change committed while it runs always finds a queued one to take it. The periodic sweep
 * catches anything a lost call left behind.
 */
export async function wakeLiveAudiences(jobs: Jobs | undefined, workspaceId: string) {
  await jobs?.enqueue("segment.live", {}, { key: `live:${workspaceId}`, workspaceId });
}
