import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@facet/db";

/** Workspaces with changes still waiting (a wake-up lost with a crashed process, or one that failed): the sweep wakes them. */
export async function pendingWorkspaces(db: Db, limit = 1000) {
  const rows = await queryRows<{ workspace_id: string }>(
    db,
    sql`select distinct workspace_id from customer_changes order by workspace_id limit ${limit}`,
  );
  return rows.map((r) => r.workspace_id);
}
