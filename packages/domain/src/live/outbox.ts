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
 * Tells this process's live evaluator that the workspace has changes in the outbox: call it after the
 * transaction that wrote them committed. It costs nothing (see `LiveDrainer`); a wake-up lost with a
 * stopped process is made good by the minute sweep.
 */
export function wakeLiveAudiences(jobs: Pick<Jobs, "live"> | undefined, workspaceId: string) {
  jobs?.live.wake(workspaceId);
}
