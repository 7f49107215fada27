import { eq } from "drizzle-orm";
import { attributes, memberships, newId, workspaces, type Db } from "@facet/db";
import { addBuiltinAttributes } from "../attribute";
import { recordAudit } from "../audit";
import { analyzeCustomerTables } from "../customer/metrics";
import { conflict, invalid } from "../errors";
import { purgeWorkspace, type WorkspaceSummary } from "../workspace";
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
export { demoJobKind, demoStatus, startDemoWorkspace, type DemoJobPayload, type DemoStatus } from "./job";

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
    await letOthersIn();
  }
  const base = await readPersonaBase(scope.db, scope.workspaceId);
  for (const id of segmentIds) await storeComputed(scope.db, scope.workspaceId, id, base);
}

/**
 * Lets the server serve others between steps. On PGlite every query resolves without real I/O, so a job
 * awaiting one after another never gave the event loop a turn: no request (not even the job's own
 * progress) was served until the demo was done. A request needs a few queries in a row, so the pause is
 * a few milliseconds rather than one turn of the loop (10,000 customers: 10 pauses, a quarter second).
 */
const letOthersIn = () => new Promise((resolve) => setTimeout(resolve, 25));

export const demoSizes = { min: 100, max: 1_000_000 };
export const demoWorkspaceName = "Tempo (demo)";

/** How far a demo workspace is: its customers (and their events) batch by batch, then segments and persona cards. */
export type DemoProgress = { phase: "customers" | "personas"; done: number; total: number };

export interface DemoOptions {
  customers: number;
  seed?: number;
  now?: Date;
  /** The id and URL name to make it under (chosen up front when the workspace is made by a job). */
  workspace?: { id: string; slug: string };
  onProgress?: (progress: DemoProgress) => void;
  /** Stops between batches (a cancelled or timed-out job). */
  signal?: AbortSignal;
}

export function checkDemoSize(total: number) {
  if (!Number.isInteger(total) || total < demoSizes.min || total > demoSizes.max) {
    throw invalid(`Choose between ${demoSizes.min.toLocaleString("en")} and ${demoSizes.max.toLocaleString("en")} customers.`, "customers");
  }
}

export const newDemoWorkspaceRef = () => ({ id: newId("ws"), slug: `tempo-demo-${newId("ws").slice(-6)}` });

/**
 * Creates a workspace modelled on a time-management app ("Tempo"): the demo attributes in all seven
 * dimensions, `customers` customers drawn from seven personas, and their last six months of events,
 * with the computed metrics filled in, then a segment and persona card per persona. The workspace has
 * no member until it is complete, when the user becomes its owner: nobody sees it half-made, and a
 * failure (or a server stopped mid-way: see `discardDemoWorkspace`) leaves nothing behind.
 */
export async function createDemoWorkspace(db: Db, user: { id: string; email: string }, opts: DemoOptions): Promise<WorkspaceSummary> {
  const total = opts.customers;
  checkDemoSize(total);
  const now = opts.now ?? new Date();
  const rng = seededRandom(opts.seed ?? 42);
  const ref = opts.workspace ?? newDemoWorkspaceRef();
  const workspaceId = ref.id;
  const actor = { kind: "user" as const, id: user.id, email: user.email };
  try {
    await db.transaction(async (tx) => {
      const [made] = await tx
        .insert(workspaces)
        .values({ id: workspaceId, name: demoWorkspaceName, slug: ref.slug })
        .onConflictDoNothing()
        .returning({ id: workspaces.id });
      if (!made) throw conflict("That demo workspace already exists.");
      await addBuiltinAttributes(tx, workspaceId);
      await tx.insert(attributes).values(
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
    });

    for (let start = 0; start < total; start += demoBatch) {
      opts.signal?.throwIfAborted();
      const people = Array.from({ length: Math.min(demoBatch, total - start) }, (_, k) => generateCustomer(start + k + 1, rng, now));
      await writeDemoCustomers(db, workspaceId, people);
      // Statistics once there is data, and now and then as it grows: a plan made while customers looked
      // empty (the events' foreign-key check among them) can pick a poor index and keep it.
      if (start === 0 || (start / demoBatch) % 100 === 99) await analyzeCustomerTables(db);
      opts.onProgress?.({ phase: "customers", done: Math.min(total, start + demoBatch), total });
      await letOthersIn();
    }
    opts.signal?.throwIfAborted();
    opts.onProgress?.({ phase: "personas", done: total, total });
    await analyzeCustomerTables(db);
    await addDemoPersonas({ db, workspaceId, actor, role: "owner" });
    opts.signal?.throwIfAborted();
    // Complete: the user becomes its owner, and it appears in their list.
    await db.transaction(async (tx) => {
      await tx.insert(memberships).values({ workspaceId, userId: user.id, role: "owner" });
      await recordAudit(
        tx,
        { workspaceId, actor },
        { action: "workspace.created", targetType: "workspace", targetId: workspaceId, data: { name: demoWorkspaceName, slug: ref.slug } },
      );
      await recordAudit(
        tx,
        { workspaceId, actor },
        { action: "workspace.demo_created", targetType: "workspace", targetId: workspaceId, data: { customers: total } },
      );
    });
  } catch (err) {
    await discardDemoWorkspace(db, workspaceId).catch(() => {});
    throw err;
  }
  return { id: workspaceId, name: demoWorkspaceName, slug: ref.slug, role: "owner" };
}

/** Customers generated and written per batch (one transaction each; progress moves batch by batch). */
const demoBatch = 1000;

/**
 * Deletes a demo workspace that was never completed (no member yet), with everything written into it.
 * A complete one is left alone: it belongs to its owner now.
 */
export async function discardDemoWorkspace(db: Db, workspaceId: string) {
  const [member] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.workspaceId, workspaceId))
    .limit(1);
  if (member) return false;
  await purgeWorkspace(db, workspaceId);
  return true;
}
