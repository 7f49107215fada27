import { and, eq, sql } from "drizzle-orm";
import { customers, personas, queryRows, segments, type Db } from "@facet/db";
import { listAttributes } from "../attribute";
import { customerValues, type CustomerRow } from "../customer/values";
import { notFound } from "../errors";
import { describePersona, type Fact, type Headline } from "./describe";
import { profileAttribute, standouts, type AttributeProfile, type Standout, type ValuesRow } from "./stats";

/** Members and customers read per card at most; above this, a deterministic sample of about this many. */
export const SAMPLE_SIZE = 20_000;

export interface ComputedPersona {
  headline: Headline;
  profiles: AttributeProfile[];
  standouts: Standout[];
  description: { facts: Fact[]; text: string };
  /** How many members and customers the figures rest on, and whether that is all of them. */
  sample: { members: number; customers: number; exact: boolean };
  computedAt: string;
}

/** Identity fields describe no one. */
const identity = new Set(["email", "name", "external_id"]);

/**
 * Out of 1024 hash buckets of the customer id, how many to read for about `SAMPLE_SIZE` rows. The
 * same customers are read every time, so a card doesn't wobble between refreshes that change nothing.
 */
const buckets = (n: number) => (n <= SAMPLE_SIZE ? 1024 : Math.max(1, Math.ceil((1024 * SAMPLE_SIZE) / n)));

const rowOf = (r: Record<string, unknown>): CustomerRow => ({
  id: r.id as string,
  email: r.email as string | null,
  name: r.name as string | null,
  externalId: r.external_id as string | null,
  traits: (r.traits ?? {}) as CustomerRow["traits"],
  createdAt: new Date(r.created_at as string),
  lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at as string) : null,
  orderCount: Number(r.order_count),
  totalSpend: String(r.total_spend),
  firstPurchaseAt: r.first_purchase_at ? new Date(r.first_purchase_at as string) : null,
  lastPurchaseAt: r.last_purchase_at ? new Date(r.last_purchase_at as string) : null,
});

const columns = sql`c.id, c.email, c.name, c.external_id, c.traits, c.created_at, c.last_seen_at, c.order_count, c.total_spend, c.first_purchase_at, c.last_purchase_at`;

function compare(seg: ValuesRow[], base: ValuesRow[], key: string) {
  const nums = (rows: ValuesRow[]) => rows.map((r) => r[key]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const [s, b] = [nums(seg), nums(base)];
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : 0);
  const median = (xs: number[]) => {
    if (!xs.length) return 0;
    const sorted = [...xs].sort((x, y) => x - y);
    const mid = (sorted.length - 1) / 2;
    return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
  };
  return { segment: avg(s), base: avg(b), known: s.length, segmentMedian: median(s), baseMedian: median(b) };
}

/** Computes a segment's card from its members (as of its last refresh) and the workspace's customers. */
export async function computePersona(db: Db, workspaceId: string, segmentId: string, now = new Date()): Promise<ComputedPersona> {
  const [seg] = await db
    .select({ memberCount: segments.memberCount })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  if (!seg) throw notFound("segment");
  const [{ total } = { total: 0 }] = await db.select({ total: sql<number>`count(*)::int` }).from(customers).where(eq(customers.workspaceId, workspaceId));
  const [mb, bb] = [buckets(seg.memberCount), buckets(total)];
  const [memberRows, baseRows, attrs] = await Promise.all([
    queryRows<Record<string, unknown>>(
      db,
      sql`select ${columns} from segment_members m join customers c on c.workspace_id = m.workspace_id and c.id = m.customer_id
          where m.workspace_id = ${workspaceId} and m.segment_id = ${segmentId} ${mb < 1024 ? sql`and (hashtext(m.customer_id) & 1023) < ${mb}` : sql``}`,
    ),
    queryRows<Record<string, unknown>>(
      db,
      sql`select ${columns} from customers c where c.workspace_id = ${workspaceId} ${bb < 1024 ? sql`and (hashtext(c.id) & 1023) < ${bb}` : sql``}`,
    ),
    listAttributes({ db, workspaceId }),
  ]);
  const seg2 = memberRows.map((r) => customerValues(rowOf(r), now));
  const base = baseRows.map((r) => customerValues(rowOf(r), now));
  const profiles = attrs
    .filter((a) => !identity.has(a.key))
    .map((a) => profileAttribute({ key: a.key, label: a.label, type: a.type, dimension: a.dimension }, seg2, base, now.getTime()));
  const ltv = compare(seg2, base, "total_spend");
  const orders = compare(seg2, base, "order_count");
  const recency = compare(seg2, base, "days_since_last_purchase");
  const headline: Headline = {
    size: seg.memberCount,
    total,
    share: total ? seg.memberCount / total : 0,
    lifetimeValue: ltv,
    orders: { segment: orders.segment, base: orders.base, known: orders.known },
    daysSinceLastPurchase: recency.known ? { segment: recency.segmentMedian, base: recency.baseMedian, known: recency.known } : null,
  };
  const top = standouts(profiles);
  return {
    headline,
    profiles,
    standouts: top,
    description: describePersona(headline, top),
    sample: { members: seg2.length, customers: base.length, exact: mb === 1024 && bb === 1024 },
    computedAt: now.toISOString(),
  };
}

/** Computes and stores a card's computed part (creating the card row if needed). */
export async function storeComputed(db: Db, workspaceId: string, segmentId: string): Promise<ComputedPersona> {
  const computed = await computePersona(db, workspaceId, segmentId);
  await db
    .insert(personas)
    .values({ workspaceId, segmentId, computed, computedAt: new Date(computed.computedAt) })
    .onConflictDoUpdate({ target: [personas.workspaceId, personas.segmentId], set: { computed, computedAt: new Date(computed.computedAt) } });
  return computed;
}
