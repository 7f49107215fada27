import { sql } from "drizzle-orm";
import { copyRows, newId, type Db } from "@facet/db";
import { metricAggregates } from "../customer/metrics";
import type { DemoCustomer } from "./generate";

/**
 * Writes generated customers and their events in one transaction: both are loaded with COPY into temp
 * tables, then customers are inserted with their value metrics computed from the staged events (the one
 * definition in `customer/metrics.ts`), and the events follow. Every row is written once: no per-row
 * INSERT, no metrics pass that rewrites the customers just written.
 */
export async function writeDemoCustomers(db: Db, workspaceId: string, people: DemoCustomer[]) {
  const ids = people.map(() => newId("cus"));
  await db.transaction(async (tx) => {
    await tx.execute(sql`drop table if exists demo_customer_staging`);
    await tx.execute(sql`drop table if exists demo_event_staging`);
    await tx.execute(sql`
      create temp table demo_customer_staging (
        id text not null, email text not null, name text not null, external_id text not null, traits jsonb not null,
        created_at timestamptz not null
      ) on commit drop`);
    await tx.execute(sql`
      create temp table demo_event_staging (
        customer_id text not null, name text not null, occurred_at timestamptz not null, properties jsonb not null, revenue numeric(14, 2)
      ) on commit drop`);
    await copyRows(
      tx,
      "demo_customer_staging",
      ["id", "email", "name", "external_id", "traits", "created_at"],
      people.map((c, k) => [ids[k]!, c.email, c.name, c.externalId, JSON.stringify(c.traits), c.createdAt.toISOString()]),
    );
    await copyRows(
      tx,
      "demo_event_staging",
      ["customer_id", "name", "occurred_at", "properties", "revenue"],
      people.flatMap((c, k) => c.events.map((e) => [ids[k]!, e.name, e.occurredAt.toISOString(), JSON.stringify(e.properties), e.revenue])),
    );
    await tx.execute(sql`
      insert into customers (workspace_id, id, email, name, external_id, traits, created_at, updated_at, last_seen_at,
                             order_count, total_spend, first_purchase_at, last_purchase_at)
      select ${workspaceId}, c.id, c.email, c.name, c.external_id, c.traits, c.created_at, c.created_at, m.last_seen,
             coalesce(m.orders, 0), coalesce(m.spend, 0), m.first_purchase, m.last_purchase
      from demo_customer_staging c
      left join (select e.customer_id, ${metricAggregates} from demo_event_staging e group by e.customer_id) m on m.customer_id = c.id`);
    await tx.execute(sql`
      insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
      select ${workspaceId}, customer_id, name, occurred_at, properties, revenue from demo_event_staging`);
  });
}
