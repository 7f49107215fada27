import { sql } from "drizzle-orm";
import { queryRows } from "@facet/db";
import type { WorkspaceScope } from "../scope";

export interface EventName {
  name: string;
  /** Events of this name in the last 30 days. */
  recent: number;
}

/**
 * The event names the workspace has seen, most frequent lately first. The names come from a skip
 * scan of the (workspace, name, time) index, one probe per name, so a workspace with millions of
 * events answers in milliseconds; the counts are of the last 30 days only, for the same reason.
 */
export async function eventNames(scope: Pick<WorkspaceScope, "db" | "workspaceId">): Promise<EventName[]> {
  const ws = scope.workspaceId;
  return queryRows<EventName>(
    scope.db,
    sql`with recursive names(name) as (
          (select name from events where workspace_id = ${ws} order by name limit 1)
          union all
          select (select e.name from events e where e.workspace_id = ${ws} and e.name > names.name order by e.name limit 1)
          from names where names.name is not null
        )
        select n.name, (select count(*)::int from events e where e.workspace_id = ${ws} and e.name = n.name and e.occurred_at >= now() - interval '30 days') as recent
        from names n where n.name is not null
        order by recent desc, n.name
        limit 200`,
  );
}
