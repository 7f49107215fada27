import { createHmac, randomBytes } from "node:crypto";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { deliveries, deliveryAttempts, destinations, newId, queryRows, textArray, workspaceSettings, type Db } from "@facet/db";
import { createDestinationInput } from "@facet/validators";
import { recordAudit } from "../audit";
import { invalid, notFound, preconditionFailed } from "../errors";
import { createOutboundClient, OutboundRefused, OutboundUnresolved, type OutboundClient, type Resolve } from "../outbound";
import { actingUserId, hasRole, requireRole, type WorkspaceScope } from "../scope";
import { campaignRow } from "./campaigns";
import { audienceRows, messageFor } from "./launch";

export const DELIVERY = { batchSize: 500, maxAttempts: 5, backoffMs: 30_000, timeoutMs: 10_000 };

/** The signature a receiver checks: hex HMAC-SHA256 of "<timestamp>.<body>" with the destination's secret. */
export const signPayload = (secret: string, timestamp: string, body: string) =>
  `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

async function allowsPrivate(db: Db, workspaceId: string) {
  const [s] = await db
    .select({ allow: workspaceSettings.allowPrivateDestinations })
    .from(workspaceSettings)
    .where(eq(workspaceSettings.workspaceId, workspaceId));
  return s?.allow ?? false;
}

const privateHint = "An admin can allow private destinations for this workspace in Settings.";

/** A refused or unresolvable destination as the message a user reads, or null for any other failure. */
function refusal(e: unknown): string | null {
  if (e instanceof OutboundRefused) return `${e.message} ${privateHint}`;
  if (e instanceof OutboundUnresolved) return e.message;
  return null;
}

/**
 * Refuses a destination URL whose host is, or resolves to, an address that isn't public, unless the
 * workspace allows private ones (SSRF). Sending checks again when it connects: DNS can change.
 */
export async function checkDestinationUrl(db: Db, workspaceId: string, url: string, resolve?: Resolve): Promise<void> {
  const client = createOutboundClient({ allowPrivate: await allowsPrivate(db, workspaceId), resolve });
  try {
    await client.check(url);
  } catch (e) {
    const message = refusal(e);
    throw message ? invalid(message, "url") : e;
  } finally {
    await client.close();
  }
}

export async function workspaceDeliverySettings(scope: WorkspaceScope) {
  return { allowPrivateDestinations: await allowsPrivate(scope.db, scope.workspaceId) };
}

export async function setAllowPrivateDestinations(scope: WorkspaceScope, allow: boolean) {
  requireRole(scope, "admin");
  await scope.db
    .insert(workspaceSettings)
    .values({ workspaceId: scope.workspaceId, allowPrivateDestinations: allow })
    .onConflictDoUpdate({ target: workspaceSettings.workspaceId, set: { allowPrivateDestinations: allow } });
  await recordAudit(scope.db, scope, {
    action: allow ? "destinations.private_allowed" : "destinations.private_refused",
    targetType: "workspace",
    targetId: scope.workspaceId,
  });
  return { allowPrivateDestinations: allow };
}

/** Adds a webhook destination with a fresh signing secret. Admins only. */
export async function createDestination(scope: WorkspaceScope, raw: Parameters<typeof createDestinationInput.parse>[0]) {
  requireRole(scope, "admin");
  const input = createDestinationInput.parse(raw);
  await checkDestinationUrl(scope.db, scope.workspaceId, input.url);
  const id = newId("dst");
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  await scope.db.insert(destinations).values({ workspaceId: scope.workspaceId, id, name: input.name, url: input.url, secret });
  await recordAudit(scope.db, scope, { action: "destination.created", targetType: "destination", targetId: id, data: { url: input.url } });
  return { id, name: input.name, url: input.url, secret };
}

/** Live destinations; their secrets only for admins. */
export async function listDestinations(scope: WorkspaceScope) {
  const rows = await scope.db
    .select({
      id: destinations.id,
      name: destinations.name,
      url: destinations.url,
      secret: destinations.secret,
      createdAt: destinations.createdAt,
    })
    .from(destinations)
    .where(and(eq(destinations.workspaceId, scope.workspaceId), isNull(destinations.archivedAt)))
    .orderBy(asc(destinations.name));
  return rows.map((r) => ({ ...r, secret: hasRole(scope, "admin") ? r.secret : null }));
}

export async function archiveDestination(scope: WorkspaceScope, destinationId: string) {
  requireRole(scope, "admin");
  const [row] = await scope.db
    .update(destinations)
    .set({ archivedAt: new Date() })
    .where(and(eq(destinations.workspaceId, scope.workspaceId), eq(destinations.id, destinationId), isNull(destinations.archivedAt)))
    .returning({ id: destinations.id });
  if (!row) throw notFound("destination");
  await recordAudit(scope.db, scope, { action: "destination.archived", targetType: "destination", targetId: destinationId });
  return { archived: true };
}

/** Queues the delivery of a launched campaign's audience (not the holdout) to a destination. */
export async function deliverCampaign(scope: WorkspaceScope, campaignId: string, destinationId: string) {
  requireRole(scope, "editor");
  const c = await campaignRow(scope.db, scope.workspaceId, campaignId);
  const [dest] = await scope.db
    .select({ id: destinations.id })
    .from(destinations)
    .where(and(eq(destinations.workspaceId, scope.workspaceId), eq(destinations.id, destinationId), isNull(destinations.archivedAt)));
  if (!dest) throw notFound("destination");
  if (!c.launchedAt) throw preconditionFailed("Launch the campaign first: that freezes its audience.");
  const treated = c.audienceSize - c.holdoutSize;
  const id = newId("dlv");
  await scope.db.insert(deliveries).values({
    workspaceId: scope.workspaceId,
    id,
    campaignId,
    destinationId,
    batchesTotal: Math.max(1, Math.ceil(treated / DELIVERY.batchSize)),
    createdBy: actingUserId(scope.actor),
  });
  await recordAudit(scope.db, scope, {
    action: "campaign.delivered",
    targetType: "campaign",
    targetId: campaignId,
    data: { destinationId, deliveryId: id },
  });
  if (!scope.jobs) throw new Error("Deliveries run as jobs: the scope has no job system.");
  await scope.jobs.enqueue("campaign.deliver", { deliveryId: id }, { key: id, workspaceId: scope.workspaceId });
  return { id };
}

/** A campaign's deliveries with their latest attempts, newest first. */
export async function listDeliveries(scope: WorkspaceScope, campaignId: string) {
  await campaignRow(scope.db, scope.workspaceId, campaignId);
  const rows = await scope.db
    .select({
      id: deliveries.id,
      destination: destinations.name,
      status: deliveries.status,
      batchesDone: deliveries.batchesDone,
      batchesTotal: deliveries.batchesTotal,
      attempts: deliveries.attempts,
      nextAttemptAt: deliveries.nextAttemptAt,
      lastError: deliveries.lastError,
      createdAt: deliveries.createdAt,
      finishedAt: deliveries.finishedAt,
    })
    .from(deliveries)
    .innerJoin(destinations, and(eq(destinations.workspaceId, deliveries.workspaceId), eq(destinations.id, deliveries.destinationId)))
    .where(and(eq(deliveries.workspaceId, scope.workspaceId), eq(deliveries.campaignId, campaignId)))
    .orderBy(desc(deliveries.createdAt))
    .limit(20);
  const log = rows.length
    ? await queryRows<{
        delivery_id: string;
        batch: number;
        at: string;
        status_code: number | null;
        error: string | null;
        duration_ms: number;
      }>(
        scope.db,
        sql`select delivery_id, batch, at, status_code, error, duration_ms from delivery_attempts
            where workspace_id = ${scope.workspaceId} and delivery_id = any(${textArray(rows.map((r) => r.id))})
            order by id desc limit 200`,
      )
    : [];
  return rows.map((r) => ({
    ...r,
    log: log
      .filter((l) => l.delivery_id === r.id)
      .map((l) => ({ batch: l.batch, at: new Date(l.at), statusCode: l.status_code, error: l.error, durationMs: l.duration_ms })),
  }));
}

/** One outbound client per setting for a run of deliveries, closed when the run ends. */
function clientsFor(resolve: Resolve | undefined) {
  const clients = new Map<boolean, OutboundClient>();
  return {
    get(allowPrivate: boolean) {
      let c = clients.get(allowPrivate);
      if (!c) clients.set(allowPrivate, (c = createOutboundClient({ allowPrivate, resolve })));
      return c;
    },
    close: () => Promise.all([...clients.values()].map((c) => c.close())),
  };
}

export interface DeliveryAttempt {
  /** The job attempt sending: only the holder of the delivery's lease sends, so a batch goes out once. */
  lease: string;
  attempt: number;
  maxAttempts: number;
  /** The job's backoff, to show when the next attempt comes. */
  backoffMs?: number;
  /** Name resolution for the connect-time address check (tests map names to loopback). */
  resolve?: Resolve;
  batchSize?: number;
  signal?: AbortSignal;
}

/** Why a delivery attempt stopped: a message for the user, and whether another attempt may help. */
export class DeliveryStopped extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
    this.name = "DeliveryStopped";
  }
}

/**
 * One attempt of a delivery job: takes the delivery's lease, then sends its remaining batches, each after
 * the last acknowledged one, recording every request. A batch is sent only while this attempt holds the
 * lease (an attempt another process took over can't send), and its acknowledgement is recorded under the
 * same lease. A failed batch throws DeliveryStopped; the job system retries it with backoff.
 */
export async function sendDelivery(db: Db, ref: { workspaceId: string; deliveryId: string }, a: DeliveryAttempt) {
  const clients = clientsFor(a.resolve);
  try {
    return await sendBatches(db, ref, a, clients);
  } finally {
    await clients.close();
  }
}

async function sendBatches(
  db: Db,
  ref: { workspaceId: string; deliveryId: string },
  a: DeliveryAttempt,
  clients: ReturnType<typeof clientsFor>,
) {
  const batchSize = a.batchSize ?? DELIVERY.batchSize;
  const where = and(eq(deliveries.workspaceId, ref.workspaceId), eq(deliveries.id, ref.deliveryId));
  const held = and(where, eq(deliveries.lease, a.lease));
  const [d] = await db
    .update(deliveries)
    .set({ lease: a.lease })
    .where(and(where, eq(deliveries.status, "pending")))
    .returning();
  if (!d) return { status: "done" as const };
  const [dest] = await db
    .select()
    .from(destinations)
    .where(and(eq(destinations.workspaceId, d.workspaceId), eq(destinations.id, d.destinationId)));
  const campaign = await campaignRow(db, d.workspaceId, d.campaignId);
  let { batchesDone, cursor } = d;
  const fail = async (batch: number, error: string, statusCode: number | null, durationMs: number, final: boolean) => {
    await db.insert(deliveryAttempts).values({ workspaceId: d.workspaceId, deliveryId: d.id, batch, statusCode, error, durationMs });
    const giveUp = final || a.attempt >= a.maxAttempts;
    const now = new Date();
    await db
      .update(deliveries)
      .set({
        attempts: a.attempt,
        lastError: error,
        status: giveUp ? "failed" : "pending",
        nextAttemptAt: new Date(now.getTime() + (a.backoffMs ?? DELIVERY.backoffMs) * 2 ** (a.attempt - 1)),
        finishedAt: giveUp ? now : null,
      })
      .where(held);
    throw new DeliveryStopped(error, !giveUp);
  };
  for (;;) {
    a.signal?.throwIfAborted();
    const rows = await audienceRows(db, d.workspaceId, d.campaignId, { cursor, limit: batchSize, group: "treated" });
    if (rows.length === 0 && batchesDone > 0) {
      await db.update(deliveries).set({ status: "succeeded", finishedAt: new Date(), lastError: null }).where(held);
      return { status: "succeeded" as const, batches: batchesDone };
    }
    const batch = batchesDone + 1;
    if (!dest || dest.archivedAt) return fail(batch, "The destination was removed.", null, 0, true);
    // Read before every batch, so an admin withdrawing the permission stops the next one.
    const client = clients.get(await allowsPrivate(db, d.workspaceId));
    // Still ours? (A process that lost its lease stops before sending.)
    const [mine] = await db.update(deliveries).set({ attempts: a.attempt }).where(held).returning({ id: deliveries.id });
    if (!mine) return { status: "taken over" as const };
    const body = JSON.stringify({
      delivery_id: d.id,
      campaign: { id: campaign.id, name: campaign.name },
      batch,
      batches: d.batchesTotal,
      members: rows.map((r) => ({
        customer_id: r.id,
        email: r.email,
        name: r.name,
        external_id: r.externalId,
        segment_id: r.segmentId,
        // The message filled in for this member (the receiver sends it as is).
        ...messageFor(campaign.variants, r),
      })),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      // The address is checked as the connection opens; redirects are not followed.
      const res = await client.send(dest.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-facet-delivery": d.id,
          "x-facet-batch": String(batch),
          "x-facet-timestamp": timestamp,
          "x-facet-signature": signPayload(dest.secret, timestamp, body),
        },
        body,
        timeoutMs: DELIVERY.timeoutMs,
      });
      status = res.status;
      if (status < 200 || status >= 300) error = `The receiver answered ${status}.`;
    } catch (e) {
      // A refused address won't change by retrying; a name that doesn't resolve may (DNS trouble).
      if (e instanceof OutboundRefused) return fail(batch, refusal(e)!, null, Date.now() - started, true);
      error = `The request failed: ${(e as Error).message}`;
    }
    const durationMs = Date.now() - started;
    if (error) return fail(batch, error, status, durationMs, false);
    await db
      .insert(deliveryAttempts)
      .values({ workspaceId: d.workspaceId, deliveryId: d.id, batch, statusCode: status, error: null, durationMs });
    batchesDone = batch;
    cursor = rows.length ? rows[rows.length - 1]!.id : cursor;
    await db.update(deliveries).set({ batchesDone, cursor, lastError: null }).where(held);
    if (rows.length < batchSize) {
      await db.update(deliveries).set({ status: "succeeded", finishedAt: new Date() }).where(held);
      return { status: "succeeded" as const, batches: batchesDone };
    }
  }
}

/** A delivery whose job failed for good (e.g. its server stopped on the last attempt) says so. */
export async function markDeliveryFailed(db: Db, ref: { workspaceId: string; deliveryId: string }, error: string) {
  await db
    .update(deliveries)
    .set({ status: "failed", lastError: error, finishedAt: new Date() })
    .where(and(eq(deliveries.workspaceId, ref.workspaceId), eq(deliveries.id, ref.deliveryId), eq(deliveries.status, "pending")));
}
