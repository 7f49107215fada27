import { and, eq, sql } from "drizzle-orm";
import { customers, events, newId, queryRows, type Db } from "@facet/db";
import type { IngestMessage } from "@facet/validators";
import { TraitMapper, type TraitUpdate } from "./traits";

export { parseIngestBody, maxBatchBytes, maxMessageBytes } from "./parse";

/** Events that count as purchases for the computed value metrics. */
export const purchaseEvents = new Set(["purchase", "Order Completed"]);

const revenueOf = (props: Record<string, unknown> | null | undefined): string | null => {
  const v = props?.revenue ?? props?.total;
  return typeof v === "number" && Number.isFinite(v) ? v.toFixed(2) : null;
};

interface Ids {
  userId?: string | null;
  anonymousId?: string | null;
}

/** Finds the customer a message is about, creating them on first sight. */
async function resolveCustomer(tx: Db, workspaceId: string, ids: Ids): Promise<string> {
  const find = async (column: "externalId" | "anonymousId", value: string) => {
    const [row] = await tx
      .select({ id: customers.id, anonymousId: customers.anonymousId, externalId: customers.externalId })
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers[column], value)));
    return row;
  };
  if (ids.userId) {
    const known = await find("externalId", ids.userId);
    if (known) {
      if (ids.anonymousId && !known.anonymousId && !(await find("anonymousId", ids.anonymousId))) {
        await tx.update(customers).set({ anonymousId: ids.anonymousId }).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, known.id)));
      }
      return known.id;
    }
    if (ids.anonymousId) {
      const anonymous = await find("anonymousId", ids.anonymousId);
      if (anonymous && !anonymous.externalId) {
        await tx.update(customers).set({ externalId: ids.userId }).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, anonymous.id)));
        return anonymous.id;
      }
    }
    await tx
      .insert(customers)
      .values({ workspaceId, id: newId("cus"), externalId: ids.userId, anonymousId: ids.anonymousId && !(await find("anonymousId", ids.anonymousId)) ? ids.anonymousId : null })
      .onConflictDoNothing();
    return (await find("externalId", ids.userId))!.id;
  }
  const anonymousId = ids.anonymousId!;
  const known = await find("anonymousId", anonymousId);
  if (known) return known.id;
  await tx.insert(customers).values({ workspaceId, id: newId("cus"), anonymousId }).onConflictDoNothing();
  return (await find("anonymousId", anonymousId))!.id;
}

async function applyTraits(tx: Db, workspaceId: string, customerId: string, update: TraitUpdate, seenAt: Date) {
  let email = update.email;
  if (email) {
    // An email another customer already has is left alone rather than failing the call.
    const [owner] = await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, email)));
    if (owner && owner.id !== customerId) email = undefined;
  }
  await tx
    .update(customers)
    .set({
      ...(email ? { email } : {}),
      ...(update.name ? { name: update.name } : {}),
      traits: sql`${customers.traits} || ${JSON.stringify(update.traits)}::jsonb`,
      updatedAt: new Date(),
      lastSeenAt: sql`greatest(${customers.lastSeenAt}, ${seenAt.toISOString()}::timestamptz)`,
    })
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customerId)));
}

async function recordEvent(
  tx: Db,
  workspaceId: string,
  customerId: string,
  e: { name: string; occurredAt: Date; properties: Record<string, unknown>; revenue: string | null; messageId: string | null },
) {
  const inserted = await tx
    .insert(events)
    .values({ workspaceId, customerId, ...e })
    .onConflictDoNothing()
    .returning({ id: events.id });
  if (inserted.length === 0) return; // a repeated messageId: accepted once
  const at = e.occurredAt.toISOString();
  const purchase = purchaseEvents.has(e.name);
  await tx
    .update(customers)
    .set({
      lastSeenAt: sql`greatest(${customers.lastSeenAt}, ${at}::timestamptz)`,
      ...(purchase
        ? {
            orderCount: sql`${customers.orderCount} + 1`,
            totalSpend: sql`${customers.totalSpend} + ${e.revenue ?? "0"}::numeric`,
            firstPurchaseAt: sql`least(${customers.firstPurchaseAt}, ${at}::timestamptz)`,
            lastPurchaseAt: sql`greatest(${customers.lastPurchaseAt}, ${at}::timestamptz)`,
          }
        : {}),
    })
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, customerId)));
}

/** Recomputes a customer's metrics from their events (after a merge). */
export async function recomputeMetrics(tx: Db, workspaceId: string, customerId: string) {
  const names = [...purchaseEvents];
  await tx.execute(sql`
    update customers c set
      order_count = s.orders, total_spend = s.spend, first_purchase_at = s.first_purchase,
      last_purchase_at = s.last_purchase, last_seen_at = greatest(c.last_seen_at, s.last_seen)
    from (
      select count(*) filter (where name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)}))::int as orders,
             coalesce(sum(revenue) filter (where name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})), 0) as spend,
             min(occurred_at) filter (where name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})) as first_purchase,
             max(occurred_at) filter (where name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})) as last_purchase,
             max(occurred_at) as last_seen
      from events where workspace_id = ${workspaceId} and customer_id = ${customerId}
    ) s
    where c.workspace_id = ${workspaceId} and c.id = ${customerId}`);
}

/** alias: the customer known as previousId (an anonymous id or an old user id) is userId from now on. */
async function alias(tx: Db, workspaceId: string, userId: string, previousId: string) {
  const rows = await queryRows<{ id: string; external_id: string | null; anonymous_id: string | null }>(
    tx,
    sql`select id, external_id, anonymous_id from customers where workspace_id = ${workspaceId}
        and (external_id in (${userId}, ${previousId}) or anonymous_id = ${previousId})`,
  );
  const target = rows.find((r) => r.external_id === userId);
  const previous = rows.find((r) => r.id !== target?.id && (r.anonymous_id === previousId || r.external_id === previousId));
  if (!previous) {
    if (target) {
      await tx
        .update(customers)
        .set({ anonymousId: sql`coalesce(${customers.anonymousId}, ${previousId})` })
        .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, target.id)));
    } else {
      await tx.insert(customers).values({ workspaceId, id: newId("cus"), externalId: userId, anonymousId: previousId }).onConflictDoNothing();
    }
    return;
  }
  if (!target) {
    await tx.update(customers).set({ externalId: userId }).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, previous.id)));
    return;
  }
  // Two customers turn out to be one: keep the user's, move the other's events and traits over.
  await tx.execute(sql`update events set customer_id = ${target.id} where workspace_id = ${workspaceId} and customer_id = ${previous.id}`);
  await tx.execute(sql`
    update customers t set traits = p.traits || t.traits,
      email = coalesce(t.email, p.email), name = coalesce(t.name, p.name),
      created_at = least(t.created_at, p.created_at)
    from customers p
    where t.workspace_id = ${workspaceId} and t.id = ${target.id} and p.workspace_id = ${workspaceId} and p.id = ${previous.id}`);
  await tx.delete(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, previous.id)));
  await tx
    .update(customers)
    .set({ anonymousId: sql`coalesce(${customers.anonymousId}, ${previous.anonymous_id})` })
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, target.id)));
  await recomputeMetrics(tx, workspaceId, target.id);
}

/**
 * Stores messages from the ingest API, all of them or (on any invalid trait) none. Returning means
 * they are committed: "accepted" means stored durably.
 */
export async function ingestMessages(db: Db, workspaceId: string, messages: IngestMessage[], now = new Date()): Promise<{ accepted: number }> {
  await db.transaction(async (tx) => {
    const mapper = await TraitMapper.load(tx, workspaceId);
    for (const [i, m] of messages.entries()) {
      const where = messages.length > 1 ? `batch[${i}].` : "";
      const occurredAt = new Date(m.timestamp ?? m.originalTimestamp ?? now.toISOString());
      const messageId = m.messageId ?? null;
      if (m.type === "alias") {
        await alias(tx, workspaceId, m.userId, m.previousId);
        continue;
      }
      const customerId = await resolveCustomer(tx, workspaceId, m);
      switch (m.type) {
        case "identify":
          await applyTraits(tx, workspaceId, customerId, await mapper.map(m.traits, where), occurredAt);
          break;
        case "track":
          await recordEvent(tx, workspaceId, customerId, { name: m.event, occurredAt, properties: m.properties ?? {}, revenue: revenueOf(m.properties), messageId });
          break;
        case "page":
        case "screen":
          await recordEvent(tx, workspaceId, customerId, {
            name: m.type,
            occurredAt,
            properties: { ...(m.properties ?? {}), ...(m.name ? { name: m.name } : {}) },
            revenue: null,
            messageId,
          });
          break;
        case "group":
          await recordEvent(tx, workspaceId, customerId, { name: "group", occurredAt, properties: { groupId: m.groupId, traits: m.traits ?? {} }, revenue: null, messageId });
          break;
      }
    }
  });
  return { accepted: messages.length };
}
