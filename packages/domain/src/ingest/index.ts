import { and, eq, sql } from "drizzle-orm";
import { customers, isTransactionConflict, newId, queryRows, textArray, type Db } from "@facet/db";
import type { IngestMessage } from "@facet/validators";
import { isPurchase, recomputeMetrics, spendOf } from "../customer/metrics";
import { attributeTouches, eventTouches, recordCustomerChanges, recordDepartures, type CustomerChange } from "../live";
import { recordRejections } from "./log";
import type { IngestRejection, ParsedIngest } from "./parse";
import { TraitMapper, type TraitUpdate } from "./traits";

export {
  bodyLimitOf,
  ingestCall,
  ingestLimits,
  jsonProblem,
  parseIngestBody,
  parseIngestMessages,
  readIngestJson,
  writeKeyIn,
  type IngestCall,
  type IngestRejection,
  type ParsedIngest,
} from "./parse";
export { listIngestRejections, recordRefusedCall, rejectionsKeptPerKey, type IngestLogEntry, type IngestSource } from "./log";

const revenueOf = (props: Record<string, unknown> | null | undefined): string | null => {
  const v = props?.revenue ?? props?.total;
  return typeof v === "number" && Number.isFinite(v) ? v.toFixed(2) : null;
};

interface Ids {
  userId?: string | null;
  anonymousId?: string | null;
}

/** What one ingest transaction changed, for the live audiences' outbox. */
interface Changes {
  /** Customers created in this transaction: anything about them is new. */
  created: Set<string>;
  list: CustomerChange[];
}

/** Finds the customer a message is about, creating them on first sight (noted in `changes.created`). */
async function resolveCustomer(tx: Db, workspaceId: string, ids: Ids, changes: Changes): Promise<string> {
  const created = (rows: { id: string }[]) => rows.forEach((r) => changes.created.add(r.id));
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
        await tx
          .update(customers)
          .set({ anonymousId: ids.anonymousId })
          .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, known.id)));
      }
      return known.id;
    }
    if (ids.anonymousId) {
      const anonymous = await find("anonymousId", ids.anonymousId);
      if (anonymous && !anonymous.externalId) {
        await tx
          .update(customers)
          .set({ externalId: ids.userId })
          .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, anonymous.id)));
        return anonymous.id;
      }
    }
    created(
      await tx
        .insert(customers)
        .values({
          workspaceId,
          id: newId("cus"),
          externalId: ids.userId,
          anonymousId: ids.anonymousId && !(await find("anonymousId", ids.anonymousId)) ? ids.anonymousId : null,
        })
        .onConflictDoNothing()
        .returning({ id: customers.id }),
    );
    return (await find("externalId", ids.userId))!.id;
  }
  const anonymousId = ids.anonymousId!;
  const known = await find("anonymousId", anonymousId);
  if (known) return known.id;
  created(
    await tx
      .insert(customers)
      .values({ workspaceId, id: newId("cus"), anonymousId })
      .onConflictDoNothing()
      .returning({ id: customers.id }),
  );
  return (await find("anonymousId", anonymousId))!.id;
}

async function applyTraits(tx: Db, workspaceId: string, customerId: string, update: TraitUpdate, seenAt: Date) {
  let email = update.email;
  if (email) {
    // An email another customer already has is left alone rather than failing the call.
    const [owner] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, email)));
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

type EventMessage = Extract<IngestMessage, { type: "track" | "page" | "screen" | "group" }>;

function eventRow(m: EventMessage, now: Date) {
  const occurredAt = new Date(m.timestamp ?? m.originalTimestamp ?? now.toISOString());
  const messageId = m.messageId ?? null;
  switch (m.type) {
    case "track":
      return { name: m.event, occurredAt, properties: m.properties ?? {}, revenue: revenueOf(m.properties), messageId };
    case "page":
    case "screen":
      return {
        name: m.type,
        occurredAt,
        properties: { ...(m.properties ?? {}), ...(m.name ? { name: m.name } : {}) },
        revenue: null,
        messageId,
      };
    case "group":
      return { name: "group", occurredAt, properties: { groupId: m.groupId, traits: m.traits ?? {} }, revenue: null, messageId };
  }
}

/**
 * Stores a run of event messages with a handful of set-based statements, however many there are:
 * find or create their customers, insert the events (a repeated messageId is skipped), then bump
 * each customer's last-seen time and purchase metrics from what was actually inserted.
 */
async function recordEvents(tx: Db, workspaceId: string, messages: EventMessage[], now: Date, changes: Changes) {
  const customerIds: string[] = [];
  const simple = messages.every((m) => !(m.userId && m.anonymousId));
  if (simple) {
    const userIds = [...new Set(messages.flatMap((m) => (m.userId ? [m.userId] : [])))];
    const anonIds = [...new Set(messages.flatMap((m) => (!m.userId && m.anonymousId ? [m.anonymousId] : [])))];
    const lookup = async () =>
      queryRows<{ id: string; external_id: string | null; anonymous_id: string | null }>(
        tx,
        // Two index lookups (an OR of the two would scan the whole workspace), each "= any(array)" so the
        // plan is an index scan whatever the table's statistics say (a fresh workspace has none).
        sql`select id, external_id, anonymous_id from customers where workspace_id = ${workspaceId}
              and external_id = any(array(select jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb)))
            union all
            select id, external_id, anonymous_id from customers where workspace_id = ${workspaceId}
              and anonymous_id = any(array(select jsonb_array_elements_text(${JSON.stringify(anonIds)}::jsonb)))`,
      );
    let found = await lookup();
    const byUser = new Map(found.flatMap((r) => (r.external_id ? [[r.external_id, r.id] as const] : [])));
    const byAnon = new Map(found.flatMap((r) => (r.anonymous_id ? [[r.anonymous_id, r.id] as const] : [])));
    const missingUsers = userIds.filter((u) => !byUser.has(u));
    const missingAnons = anonIds.filter((a) => !byAnon.has(a));
    if (missingUsers.length || missingAnons.length) {
      const rows = [
        ...missingUsers.map((externalId) => ({ workspaceId, id: newId("cus"), externalId })),
        ...missingAnons.map((anonymousId) => ({ workspaceId, id: newId("cus"), anonymousId })),
      ];
      const made = await tx.insert(customers).values(rows).onConflictDoNothing().returning({ id: customers.id });
      for (const r of made) changes.created.add(r.id);
      found = await lookup();
      for (const r of found) {
        if (r.external_id) byUser.set(r.external_id, r.id);
        if (r.anonymous_id) byAnon.set(r.anonymous_id, r.id);
      }
    }
    for (const m of messages) customerIds.push(m.userId ? byUser.get(m.userId)! : byAnon.get(m.anonymousId!)!);
  } else {
    for (const m of messages) customerIds.push(await resolveCustomer(tx, workspaceId, m, changes));
  }

  const rows = messages.map((m, i) => {
    const e = eventRow(m, now);
    return {
      customer_id: customerIds[i]!,
      name: e.name,
      occurred_at: e.occurredAt.toISOString(),
      properties: e.properties,
      revenue: e.revenue,
      message_id: e.messageId,
    };
  });
  const touches = Object.fromEntries([...new Set(rows.map((r) => r.name))].map((name) => [name, eventTouches(name)]));
  await tx.execute(sql`
    with incoming as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as t(customer_id text, name text, occurred_at timestamptz, properties jsonb, revenue numeric, message_id text)
    ), inserted as (
      insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue, message_id)
      select ${workspaceId}, customer_id, name, occurred_at, properties, revenue, message_id from incoming
      on conflict do nothing
      returning id, customer_id, name, occurred_at, revenue, message_id
    ), changed as (
      -- The live audiences' outbox: one change per customer, naming what the new events can move (a customer
      -- created here: anything), with a few of the events for the change log.
      insert into customer_changes (workspace_id, customer_id, cause, touches, detail)
      select ${workspaceId}, g.customer_id, case when g.is_new then 'created' else 'event' end,
        case when g.is_new then array['*'] else array(select distinct t from unnest(g.names) n, jsonb_array_elements_text(${JSON.stringify(touches)}::jsonb -> n) t) end,
        jsonb_build_object('events', to_jsonb(g.sample))
      from (select customer_id, customer_id = any(${textArray([...changes.created])}) as is_new, array_agg(distinct name) as names,
              (array_agg(jsonb_build_object('name', name, 'id', id, 'messageId', message_id) order by id))[1:5] as sample
            from inserted group by customer_id) g
    ), per_customer as (
      select customer_id, max(occurred_at) as seen,
             count(*) filter (where p) as orders, coalesce(sum(${spendOf(sql`name`, sql`revenue`)}), 0) as spend,
             min(occurred_at) filter (where p) as first_purchase, max(occurred_at) filter (where p) as last_purchase
      from (select *, ${isPurchase(sql`name`)} as p from inserted) i
      group by customer_id
    )
    update customers c set
      last_seen_at = greatest(c.last_seen_at, s.seen),
      -- numeric(14,2) holds totals below a trillion; a sum beyond it stays at the edge rather than failing the call.
      order_count = c.order_count + s.orders, total_spend = least(greatest(c.total_spend + s.spend, -999999999999.99), 999999999999.99),
      first_purchase_at = least(c.first_purchase_at, s.first_purchase),
      last_purchase_at = greatest(c.last_purchase_at, s.last_purchase)
    from per_customer s
    -- The ids as an array too: the primary key then finds the batch's customers one by one, whatever the
    -- statistics say. Joined only on s, a generic plan made while a new database's tables were nearly empty
    -- read every customer of the workspace for each batch.
    where c.workspace_id = ${workspaceId} and c.id = any(array(select customer_id from per_customer)) and c.id = s.customer_id`);
}

/** alias: the customer known as previousId (an anonymous id or an old user id) is userId from now on. */
async function alias(tx: Db, workspaceId: string, userId: string, previousId: string, changes: Changes) {
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
      const made = await tx
        .insert(customers)
        .values({ workspaceId, id: newId("cus"), externalId: userId, anonymousId: previousId })
        .onConflictDoNothing()
        .returning({ id: customers.id });
      for (const r of made) changes.created.add(r.id);
      changes.list.push(...made.map((r) => ({ customerId: r.id, cause: "created" as const, touches: ["*"] })));
    }
    return;
  }
  if (!target) {
    await tx
      .update(customers)
      .set({ externalId: userId })
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, previous.id)));
    changes.list.push({
      customerId: previous.id,
      cause: "identify",
      touches: attributeTouches(["external_id"]),
      detail: { keys: ["external_id"] },
    });
    return;
  }
  // Two customers turn out to be one: keep the user's, move the other's events and traits over.
  await tx.execute(sql`update events set customer_id = ${target.id} where workspace_id = ${workspaceId} and customer_id = ${previous.id}`);
  // An email moves to the user when they have none: the merged-away customer lets go of it first (emails are unique).
  const [{ email: previousEmail = null } = {}] = await queryRows<{ email: string | null }>(
    tx,
    sql`select email from customers where workspace_id = ${workspaceId} and id = ${previous.id}`,
  );
  if (previousEmail) await tx.execute(sql`update customers set email = null where workspace_id = ${workspaceId} and id = ${previous.id}`);
  await tx.execute(sql`
    update customers t set traits = p.traits || t.traits,
      email = coalesce(t.email, ${previousEmail}), name = coalesce(t.name, p.name),
      created_at = least(t.created_at, p.created_at),
      imported_order_count = t.imported_order_count + p.imported_order_count, imported_spend = t.imported_spend + p.imported_spend,
      order_count = t.order_count + p.order_count, total_spend = t.total_spend + p.total_spend
    from customers p
    where t.workspace_id = ${workspaceId} and t.id = ${target.id} and p.workspace_id = ${workspaceId} and p.id = ${previous.id}`);
  // Campaign audiences keep no foreign key to customers: the merged-away customer's places go to the user, unless they have their own.
  await tx.execute(sql`update campaign_audience a set customer_id = ${target.id} where a.workspace_id = ${workspaceId} and a.customer_id = ${previous.id}
    and not exists (select 1 from campaign_audience b where b.workspace_id = a.workspace_id and b.campaign_id = a.campaign_id and b.customer_id = ${target.id})`);
  await tx.execute(sql`delete from campaign_audience where workspace_id = ${workspaceId} and customer_id = ${previous.id}`);
  await tx.execute(sql`delete from discovery_assignments where workspace_id = ${workspaceId} and customer_id = ${previous.id}`);
  await tx.execute(sql`delete from rfm_scores where workspace_id = ${workspaceId} and customer_id = ${previous.id}`);
  await recordDepartures(tx, workspaceId, [previous.id], "merge", { into: target.id });
  changes.list.push({ customerId: target.id, cause: "merge", touches: ["*"], detail: { merged: previous.id } });
  await tx.delete(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, previous.id)));
  await tx
    .update(customers)
    .set({ anonymousId: sql`coalesce(${customers.anonymousId}, ${previous.anonymous_id})` })
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, target.id)));
  await recomputeMetrics(tx, workspaceId, sql`select ${target.id}::text`);
}

export interface IngestResult {
  /** Messages stored (a repeated messageId counts: it is stored once, and accepted each time). */
  accepted: number;
  /** Messages refused, in the order they came, each with the reason naming its field. */
  rejected: IngestRejection[];
}

/**
 * Stores a call's valid messages and notes its rejected ones (those `parsed` already refused, and those whose
 * traits can't be stored) in the key's ingest log, all in one transaction: returning means it is committed,
 * so "accepted" means stored durably. A refused message never stops the others.
 */
export async function ingestMessages(
  db: Db,
  source: { workspaceId: string; apiKeyId?: string | null; call?: string },
  parsed: ParsedIngest,
  now = new Date(),
): Promise<IngestResult> {
  // Two calls updating the same customers in different orders can deadlock; the server rolls one back whole,
  // and running it again is safe (a repeated messageId is stored once).
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(db, source, parsed, now);
    } catch (err) {
      if (attempt >= 5 || !isTransactionConflict(err)) throw err;
    }
  }
}

async function ingestOnce(
  db: Db,
  source: { workspaceId: string; apiKeyId?: string | null; call?: string },
  parsed: ParsedIngest,
  now: Date,
): Promise<IngestResult> {
  const { workspaceId } = source;
  const rejected = [...parsed.rejected];
  let accepted = 0;
  await db.transaction(async (tx) => {
    // Lookups by a workspace's ids must use the (workspace_id, id) indexes. With custom plans, a workspace
    // that grew since the last ANALYZE looks nearly empty and the planner scans all its customers instead.
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    // Attribute definitions are read only when a message carries traits (identify).
    let mapper: TraitMapper | undefined;
    const changes: Changes = { created: new Set(), list: [] };
    let run: EventMessage[] = [];
    const flush = async () => {
      if (run.length) await recordEvents(tx, workspaceId, run, now, changes);
      accepted += run.length;
      run = [];
    };
    // Runs of events go in set-based statements; identify and alias apply one by one, in order.
    for (const { index, message: m } of parsed.messages) {
      if (m.type !== "identify" && m.type !== "alias") {
        run.push(m);
        continue;
      }
      await flush();
      if (m.type === "alias") {
        await alias(tx, workspaceId, m.userId, m.previousId, changes);
        accepted++;
        continue;
      }
      const where = parsed.batch ? `batch[${index}].` : "";
      mapper ??= await TraitMapper.load(tx, workspaceId);
      const traits = await mapper.map(m.traits, where);
      if (!traits.ok) {
        rejected.push({ index, type: m.type, messageId: m.messageId ?? null, reason: traits.reason });
        continue;
      }
      const customerId = await resolveCustomer(tx, workspaceId, m, changes);
      await applyTraits(tx, workspaceId, customerId, traits.update, new Date(m.timestamp ?? m.originalTimestamp ?? now.toISOString()));
      const keys = [
        ...Object.keys(traits.update.traits),
        ...(traits.update.email ? ["email"] : []),
        ...(traits.update.name ? ["name"] : []),
      ];
      changes.list.push(
        changes.created.has(customerId)
          ? { customerId, cause: "created", touches: ["*"], detail: { keys } }
          : { customerId, cause: "identify", touches: attributeTouches([...keys, "last_seen_at"]), detail: { keys } },
      );
      accepted++;
    }
    await flush();
    // One multi-row insert for the identifies and aliases (the events' changes went in with their statement).
    await recordCustomerChanges(tx, workspaceId, changes.list);
    rejected.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    if (source.apiKeyId) await recordRejections(tx, { workspaceId, apiKeyId: source.apiKeyId }, source.call ?? "batch", rejected);
  });
  return { accepted, rejected };
}
