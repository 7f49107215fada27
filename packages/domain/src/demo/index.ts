import { attributes, newId, type Db } from "@facet/db";
import { recordAudit } from "../audit";
import { analyzeCustomerTables } from "../customer/metrics";
import { invalid } from "../errors";
import { createWorkspace } from "../workspace";
import { generateCustomer, seededRandom } from "./generate";
import { demoAttributes } from "./personas";
import { demoCards } from "./cards";
import { personaWritten } from "@facet/validators";
import { readPersonaBase, storeComputed, writePersona } from "../persona";
import type { WorkspaceScope } from "../scope";
import { createSegment } from "../segment";
import { writeDemoCustomers } from "./write";

export { generateCustomer, seededRandom } from "./generate";
export { demoAttributes, demoPersonas } from "./personas";

/**
 * A segment per demo persona, each with its written card, then the seven cards' figures computed
 * together over one read of the customer base.
 */
async function addDemoPersonas(scope: WorkspaceScope) {
  const segmentIds: string[] = [];
  for (const card of demoCards) {
    const s = await createSegment(scope, {
      workspaceId: scope.workspaceId,
      name: card.segment.name,
      description: card.segment.description,
      tags: card.segment.tags,
      definition: { version: 1, root: { type: "group", combinator: "and", negate: false, children: card.segment.rules } },
    });
    await writePersona(scope, {
      workspaceId: scope.workspaceId,
      segmentId: s.id,
      written: personaWritten.parse(card.written),
      baseVersion: 0,
    });
    segmentIds.push(s.id);
  }
  const base = await readPersonaBase(scope.db, scope.workspaceId);
  for (const id of segmentIds) await storeComputed(scope.db, scope.workspaceId, id, base);
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
    await writeDemoCustomers(db, workspaceId, people);
    // Statistics once there is data, and now and then as it grows: a plan made while customers looked
    // empty (the events' foreign-key check among them) can pick a poor index and keep it.
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
