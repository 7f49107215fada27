import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { campaignAudience, campaigns, customers, queryRows, segmentMembers, segments, textArray, type Db } from "@facet/db";
import type { CampaignVariant } from "@facet/validators";
import { recordAudit } from "../audit";
import { customerValues, type CustomerRow } from "../customer/values";
import { conflict, invalid, notFound, preconditionFailed } from "../errors";
import { csvLine } from "../import/write-csv";
import { requireRole, type WorkspaceScope } from "../scope";
import { campaignById, campaignRow, variantFor } from "./campaigns";
import { renderMessage } from "./message";
import { idCursor } from "../cursor";
import { sha256Hex } from "../shared/hash";

/**
 * Members of any included segment who are in no excluded one, each once, with the first included
 * segment (by position) they are in: its variant is theirs. As of each segment's last refresh.
 */
function audienceQuery(workspaceId: string, include: string[], exclude: string[]) {
  const excluded = exclude.length
    ? sql`and not exists (select 1 from segment_members x where x.workspace_id = ${workspaceId} and x.segment_id = any(${textArray(exclude)}) and x.customer_id = m.customer_id)`
    : sql``;
  return sql`select distinct on (m.customer_id) m.customer_id, m.segment_id
    from segment_members m
    where m.workspace_id = ${workspaceId} and m.segment_id = any(${textArray(include)}) ${excluded}
    order by m.customer_id, array_position(${textArray(include)}, m.segment_id)`;
}

async function checkSegments(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return;
  const found = await db
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), inArray(segments.id, ids)));
  if (found.length !== new Set(ids).size) throw notFound("segment");
}

/** The de-duplicated audience size of targets and exclusions, live while editing. */
export async function audienceSize(scope: WorkspaceScope, include: string[], exclude: string[]) {
  await checkSegments(scope.db, scope.workspaceId, [...include, ...exclude]);
  if (!include.length) return { size: 0 };
  const [r] = await queryRows<{ size: number }>(
    scope.db,
    sql`select count(*)::int as size from (${audienceQuery(scope.workspaceId, include, exclude)}) a`,
  );
  return { size: r?.size ?? 0 };
}

/**
 * Launch: freezes who is targeted, with which variant, and who is held out, in one statement. The
 * holdout is a seeded hash of the customer id: the same seed picks the same customers. With
 * `confirmedSize` (what the launch dialog showed), an audience of any other size launches nothing:
 * the targets or their segments changed since the person looked.
 */
export async function launchCampaign(
  scope: WorkspaceScope,
  campaignId: string,
  confirmedSize?: number,
  opts: { early?: boolean; now?: Date } = {},
) {
  requireRole(scope, "editor");
  const c = await campaignById(scope, campaignId);
  if (c.launchedAt) throw preconditionFailed("This campaign has already launched.");
  if (!c.include.length) throw invalid("Target at least one segment before launching.", "include");
  const today = utcDay(opts.now ?? new Date());
  if (c.endsOn && c.endsOn < today) throw invalid(`This campaign ended on ${c.endsOn}: change its dates to launch it.`, "endsOn");
  if (c.startsOn && c.startsOn > today && !opts.early)
    throw preconditionFailed(`This campaign starts on ${c.startsOn} and launches by itself then. Confirm to launch it now instead.`);
  const { holdoutSeed } = await campaignRow(scope.db, scope.workspaceId, campaignId);
  const include = c.include.map((t) => t.segmentId);
  const exclude = c.exclude.map((t) => t.segmentId);
  await scope.db.transaction(async (tx) => {
    const [r] = await queryRows<{ size: number; held: number }>(
      tx,
      sql`with a as (
            insert into campaign_audience (workspace_id, campaign_id, customer_id, segment_id, holdout)
            select ${scope.workspaceId}, ${campaignId}, customer_id, segment_id,
                   abs(hashtextextended(customer_id, ${holdoutSeed}) % 10000) < ${c.holdoutPercent * 100}
            from (${audienceQuery(scope.workspaceId, include, exclude)}) t
            order by customer_id
            returning holdout)
          select count(*)::int as size, count(*) filter (where holdout)::int as held from a`,
    );
    if (confirmedSize !== undefined && r!.size !== confirmedSize) {
      const count = (n: number) => `${n.toLocaleString("en-US")} customer${n === 1 ? "" : "s"}`;
      throw conflict(
        `The audience is now ${count(r!.size)}, not the ${count(confirmedSize)} shown: nothing was launched. Check it and launch again.`,
        "audienceSize",
      );
    }
    // Only if nobody launched it meanwhile (the row is locked by this update until commit).
    const updated = await tx
      .update(campaigns)
      .set({ launchedAt: new Date(), status: "running", audienceSize: r!.size, holdoutSize: r!.held, updatedAt: new Date() })
      .where(and(eq(campaigns.workspaceId, scope.workspaceId), eq(campaigns.id, campaignId), sql`${campaigns.launchedAt} is null`))
      .returning({ id: campaigns.id });
    if (!updated.length) throw preconditionFailed("This campaign has already launched.");
    await recordAudit(tx, scope, {
      action: "campaign.launched",
      targetType: "campaign",
      targetId: campaignId,
      data: { audience: r!.size, holdout: r!.held },
    });
  });
  return campaignById(scope, campaignId);
}

/** A moment's day in UTC, as campaign dates are written (YYYY-MM-DD). */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Members of a frozen audience after `cursor`, by customer id, with their variant's segment, whether they
 * are held out, and the values their message is filled in with. `group`: only those who get the message
 * (`treated`), or only those held out.
 */
export async function audienceRows(
  db: Db,
  workspaceId: string,
  campaignId: string,
  page: { cursor?: string | null; limit: number; group?: "treated" | "holdout" },
) {
  return db
    .select({
      id: customers.id,
      email: customers.email,
      name: customers.name,
      externalId: customers.externalId,
      traits: customers.traits,
      createdAt: customers.createdAt,
      lastSeenAt: customers.lastSeenAt,
      orderCount: customers.orderCount,
      totalSpend: customers.totalSpend,
      firstPurchaseAt: customers.firstPurchaseAt,
      lastPurchaseAt: customers.lastPurchaseAt,
      segmentId: campaignAudience.segmentId,
      holdout: campaignAudience.holdout,
    })
    .from(campaignAudience)
    .innerJoin(customers, and(eq(customers.workspaceId, campaignAudience.workspaceId), eq(customers.id, campaignAudience.customerId)))
    .where(
      and(
        eq(campaignAudience.workspaceId, workspaceId),
        eq(campaignAudience.campaignId, campaignId),
        page.group ? eq(campaignAudience.holdout, page.group === "holdout") : undefined,
        page.cursor ? gt(campaignAudience.customerId, page.cursor) : undefined,
      ),
    )
    .orderBy(asc(campaignAudience.customerId))
    .limit(page.limit);
}

/** A page of the frozen audience, by customer id. A campaign that hasn't launched has none yet: CONFLICT. */
export async function audiencePage(scope: WorkspaceScope, campaignId: string, page: { cursor?: string | null; limit: number }) {
  const c = await campaignRow(scope.db, scope.workspaceId, campaignId);
  if (!c.launchedAt) throw conflict("This campaign hasn't launched: it has no frozen audience yet.");
  const cursor = page.cursor ? idCursor.decode(page.cursor) : null;
  const rows = await audienceRows(scope.db, scope.workspaceId, campaignId, { cursor, limit: page.limit + 1 });
  const items = rows
    .slice(0, page.limit)
    .map(({ id, email, name, externalId, segmentId, holdout }) => ({ id, email, name, externalId, segmentId, holdout }));
  return { items, nextCursor: rows.length > page.limit ? idCursor.encode(items[items.length - 1]!.id) : null };
}

/** SHA-256 of the trimmed, lower-cased address: what ad platforms match customer lists on. */
export const hashEmail = (email: string) => sha256Hex(email.trim().toLowerCase());

/** A member's message: their variant with the placeholders filled from their values. */
export function messageFor(variants: CampaignVariant[], member: CustomerRow & { segmentId: string }) {
  const v = variantFor(variants, member.segmentId);
  const values = customerValues(member);
  return {
    subject: renderMessage(v.subject, values),
    body: renderMessage(v.body, values),
    cta: renderMessage(v.cta, values),
    offer: renderMessage(v.offer, values),
  };
}

export type AudienceLayout = "standard" | "ads" | "holdout";

/**
 * The frozen audience as CSV, a page at a time. Held-out customers never leave in a list meant for sending:
 * "standard" is the treated customers, each with their variant's message filled in for them; "ads" is a
 * customer list for ad platforms (hashed emails of the treated); "holdout" is the held-out customers alone,
 * for analysis.
 */
export async function* audienceCsv(scope: WorkspaceScope, campaignId: string, layout: AudienceLayout): AsyncGenerator<string> {
  const c = await campaignRow(scope.db, scope.workspaceId, campaignId);
  if (!c.launchedAt) throw preconditionFailed("Launch the campaign first: that freezes its audience.");
  const names = new Map(
    (await scope.db.select({ id: segments.id, name: segments.name }).from(segments).where(eq(segments.workspaceId, scope.workspaceId))).map(
      (s) => [s.id, s.name],
    ),
  );
  const header = {
    standard: ["customer_id", "email", "name", "external_id", "segment", "subject", "body", "cta", "offer"],
    ads: ["email"],
    holdout: ["customer_id", "email", "name", "external_id", "segment"],
  }[layout];
  yield csvLine(header);
  let after: string | null = null;
  for (;;) {
    const rows = await audienceRows(scope.db, scope.workspaceId, campaignId, {
      cursor: after,
      limit: 2000,
      group: layout === "holdout" ? "holdout" : "treated",
    });
    let chunk = "";
    for (const r of rows) {
      const who = [r.id, r.email, r.name, r.externalId, names.get(r.segmentId) ?? r.segmentId];
      if (layout === "ads") {
        if (r.email) chunk += csvLine([hashEmail(r.email)]);
      } else if (layout === "holdout") {
        chunk += csvLine(who);
      } else {
        const m = messageFor(c.variants, r);
        chunk += csvLine([...who, m.subject, m.body, m.cta, m.offer]);
      }
    }
    if (chunk) yield chunk;
    if (rows.length < 2000) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** A variant rendered for one customer: the one asked for, else a member of the variant's segment, else anyone. */
export async function previewMessage(scope: WorkspaceScope, variant: CampaignVariant, customerId?: string) {
  if (variant.segmentId) await checkSegments(scope.db, scope.workspaceId, [variant.segmentId]);
  const pick = customerId
    ? and(eq(customers.workspaceId, scope.workspaceId), eq(customers.id, customerId))
    : variant.segmentId
      ? and(
          eq(customers.workspaceId, scope.workspaceId),
          sql`exists (select 1 from ${segmentMembers} m where m.workspace_id = ${scope.workspaceId} and m.segment_id = ${variant.segmentId} and m.customer_id = ${customers.id})`,
        )
      : eq(customers.workspaceId, scope.workspaceId);
  const [c] = await scope.db.select().from(customers).where(pick).limit(1);
  if (!c) {
    if (customerId) throw notFound("customer");
    return null;
  }
  const values = customerValues(c);
  const render = (t: string) => renderMessage(t, values);
  return {
    customer: { id: c.id, name: c.name, email: c.email },
    subject: render(variant.subject),
    body: render(variant.body),
    cta: render(variant.cta),
    offer: render(variant.offer),
  };
}
