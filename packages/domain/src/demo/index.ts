import { sql } from "drizzle-orm";
import { attributes, newId, type Db } from "@facet/db";
import { recordAudit } from "../audit";
import { analyzeCustomerTables, recomputeMetrics } from "../customer/metrics";
import { invalid } from "../errors";
import { createWorkspace } from "../workspace";
import { generateCustomer, seededRandom } from "./generate";
import { demoAttributes } from "./personas";
import { demoCards } from "./cards";
import { personaWritten } from "@facet/validators";
import { updatePersona } from "../persona";
import type { WorkspaceScope } from "../scope";
import { createSegment } from "../segment";

export { generateCustomer, seededRandom } from "./generate";
export { demoAttributes, demoPersonas } from "./personas";

/** A segment per demo persona, each with its written card and computed figures. */
async function addDemoPersonas(scope: WorkspaceScope) {
  for (const card of demoCards) {
    const s = await createSegment(scope, {
      workspaceId: scope.workspaceId,
      name: card.segment.name,
      description: card.segment.description,
      tags: card.segment.tags,
      definition: { version: 1, root: { type: "group", combinator: "and", negate: false, children: card.segment.rules } },
    });
    await updatePersona(scope, {
      workspaceId: scope.workspaceId,
      segmentId: s.id,
      written: personaWritten.parse(card.written),
      baseVersion: 0,
    });
  }
}

export const demoSizes = { min: 100, max: 1_000_000 };

export interface DemoOptions {
  customers: number;
  seed?: number;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Creates a workspace modelled on a time-management app ("Tempo"): the demo attributes in all seven
 * dimensions, `customers` customers drawn from seven personas, and their last six months of events,
 * with the computed metrics filled in. The user owns it.
 */
export async function createDemoWorkspace(db: Db, user: { id: string; email: string }, opts: DemoOptions) {
  const total = opts.customers;
  if (!Number.isInteger(total) || total < demoSizes.min || total > demoSizes.max) {
    throw invalid(`Choose between ${demoSizes.min.toLocaleString("en")} and ${demoSizes.max.toLocaleString("en")} customers.`, "customers");
  }
  const now = opts.now ?? new Date();
  const rng = seededRandom(opts.seed ?? 42);
  const ws = await createWorkspace(db, user, { name: "Tempo (demo)", slug: `tempo-demo-${newId("ws").slice(-6)}` });
  const workspaceId = ws.id;
  await db.insert(attributes).values(
    demoAttributes.map((a) => ({
      workspaceId,
      id: newId("attr"),
      key: a.key,
      label: a.label,
      type: a.type,
      dimension: a.dimension,
      enumValues: a.enumValues ?? [],
      description: a.description ?? "",
    })),
  );

  const batch = 2000;
  for (let start = 0; start < total; start += batch) {
    const people = Array.from({ length: Math.min(batch, total - start) }, (_, k) => generateCustomer(start + k + 1, rng, now));
    const rows = people.map((c) => ({
      id: newId("cus"),
      email: c.email,
      name: c.name,
      external_id: c.externalId,
      traits: c.traits,
      created_at: c.createdAt.toISOString(),
      last_seen_at: c.events[c.events.length - 1]!.occurredAt.toISOString(),
    }));
    const events = people.flatMap((c, k) =>
      c.events.map((e) => ({
        customer_id: rows[k]!.id,
        name: e.name,
        occurred_at: e.occurredAt.toISOString(),
        properties: e.properties,
        revenue: e.revenue,
      })),
    );
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into customers (workspace_id, id, email, name, external_id, traits, created_at, updated_at, last_seen_at)
        select ${workspaceId}, id, email, name, external_id, traits, created_at, created_at, last_seen_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as t(id text, email text, name text, external_id text, traits jsonb, created_at timestamptz, last_seen_at timestamptz)`);
      await tx.execute(sql`
        insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
        select ${workspaceId}, customer_id, name, occurred_at, properties, revenue
        from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
          as t(customer_id text, name text, occurred_at timestamptz, properties jsonb, revenue numeric)`);
      await recomputeMetrics(tx, workspaceId, sql`select jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.id))}::jsonb)`);
    });
    // Fresh statistics once there is data, and now and then as it grows: plans made for an "empty"
    // workspace scan everything.
    if (start === 0 || (start / batch) % 50 === 49) await analyzeCustomerTables(db);
    opts.onProgress?.(Math.min(total, start + batch), total);
  }
  await analyzeCustomerTables(db);
  await addDemoPersonas({ db, workspaceId, actor: { kind: "user", id: user.id, email: user.email }, role: "owner" });
  await recordAudit(
    db,
    { workspaceId, actor: { kind: "user", id: user.id, email: user.email } },
    { action: "workspace.demo_created", targetType: "workspace", targetId: workspaceId, data: { customers: total } },
  );
  return ws;
}
