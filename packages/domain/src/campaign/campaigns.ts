import { randomInt } from "node:crypto";
import { and, asc, desc, eq, ilike, inArray, lt, or, sql } from "drizzle-orm";
import { campaignTargets, campaigns, memberships, newId, segments, users, type Db } from "@facet/db";
import {
  createCampaignInput,
  updateCampaignInput,
  type CampaignVariant,
  type CreateCampaignInput,
  type UpdateCampaignInput,
} from "@facet/validators";
import { listAttributes } from "../attribute";
import { recordAudit } from "../audit";
import { invalid, notFound, preconditionFailed } from "../errors";
import { requireRole, type WorkspaceScope } from "../scope";
import { unknownPlaceholders } from "./message";
import { timeIdCursor } from "../cursor";

type Fields = Omit<ReturnType<typeof createCampaignInput.parse>, "workspaceId">;

/** Checks targets, variants, placeholders and owner against the workspace; throws a clear error. */
async function checkFields(scope: WorkspaceScope, f: Fields) {
  if (f.include.some((id) => f.exclude.includes(id))) throw invalid("A segment can't be both targeted and excluded.", "exclude");
  const ids = [...new Set([...f.include, ...f.exclude])];
  if (ids.length) {
    const found = await scope.db
      .select({ id: segments.id })
      .from(segments)
      .where(and(eq(segments.workspaceId, scope.workspaceId), inArray(segments.id, ids)));
    if (found.length !== ids.length) throw notFound("segment");
  }
  const seen = new Set<string | null>();
  for (const v of f.variants) {
    if (v.segmentId !== null && !f.include.includes(v.segmentId))
      throw invalid("A variant is for a segment the campaign doesn't target.", "variants");
    if (seen.has(v.segmentId)) throw invalid("Write one variant per targeted segment.", "variants");
    seen.add(v.segmentId);
  }
  const keys = new Set((await listAttributes(scope)).map((a) => a.key));
  const unknown = unknownPlaceholders(
    f.variants.flatMap((v) => [v.subject, v.body, v.cta, v.offer]),
    keys,
  );
  if (unknown.length)
    throw invalid(
      `Unknown placeholder${unknown.length > 1 ? "s" : ""}: ${unknown.map((u) => (u.startsWith("{{") ? u : `{{${u}}}`)).join(", ")}. Use an attribute key, like {{first_name}} or {{plan|friend}}.`,
      "variants",
    );
  if (f.ownerId) {
    const [m] = await scope.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, scope.workspaceId), eq(memberships.userId, f.ownerId)));
    if (!m) throw invalid("The owner must be a member of the workspace.", "ownerId");
  }
}

async function writeTargets(tx: Db, workspaceId: string, campaignId: string, f: Fields) {
  await tx.delete(campaignTargets).where(and(eq(campaignTargets.workspaceId, workspaceId), eq(campaignTargets.campaignId, campaignId)));
  const rows = [
    ...f.include.map((segmentId, position) => ({ workspaceId, campaignId, segmentId, kind: "include" as const, position })),
    ...f.exclude.map((segmentId, position) => ({ workspaceId, campaignId, segmentId, kind: "exclude" as const, position })),
  ];
  if (rows.length) await tx.insert(campaignTargets).values(rows);
}

const columnsOf = (f: Fields) => ({
  name: f.name,
  goal: f.goal,
  channel: f.channel,
  startsOn: f.startsOn,
  endsOn: f.endsOn,
  ownerId: f.ownerId,
  status: f.status,
  variants: f.variants,
  holdoutPercent: f.holdoutPercent,
  conversionEvent: f.conversionEvent,
  conversionWindowDays: f.conversionWindowDays,
});

export async function createCampaign(scope: WorkspaceScope, raw: CreateCampaignInput) {
  requireRole(scope, "editor");
  const { workspaceId: _, ...f } = createCampaignInput.parse(raw);
  await checkFields(scope, f);
  const id = newId("cmp");
  await scope.db.transaction(async (tx) => {
    await tx.insert(campaigns).values({ workspaceId: scope.workspaceId, id, ...columnsOf(f), holdoutSeed: randomInt(1, 2_000_000_000) });
    await writeTargets(tx, scope.workspaceId, id, f);
    await recordAudit(tx, scope, { action: "campaign.created", targetType: "campaign", targetId: id, data: { name: f.name } });
  });
  return campaignById(scope, id);
}

/** Edits a campaign that hasn't launched; a launched one's audience and messages are frozen. */
export async function updateCampaign(scope: WorkspaceScope, raw: UpdateCampaignInput) {
  requireRole(scope, "editor");
  const { workspaceId: _, campaignId, ...f } = updateCampaignInput.parse(raw);
  const current = await campaignRow(scope.db, scope.workspaceId, campaignId);
  if (current.launchedAt)
    throw preconditionFailed("This campaign has launched: its audience and messages are frozen. Duplicate it to change them.");
  await checkFields(scope, f);
  await scope.db.transaction(async (tx) => {
    await tx
      .update(campaigns)
      .set({ ...columnsOf(f), updatedAt: new Date() })
      .where(and(eq(campaigns.workspaceId, scope.workspaceId), eq(campaigns.id, campaignId)));
    await writeTargets(tx, scope.workspaceId, campaignId, f);
    await recordAudit(tx, scope, { action: "campaign.updated", targetType: "campaign", targetId: campaignId });
  });
  return campaignById(scope, campaignId);
}

export async function campaignRow(db: Db, workspaceId: string, campaignId: string) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
  if (!row) throw notFound("campaign");
  return row;
}

async function targetsOf(db: Db, workspaceId: string, campaignIds: string[]) {
  if (!campaignIds.length) return [];
  return db
    .select({
      campaignId: campaignTargets.campaignId,
      segmentId: campaignTargets.segmentId,
      kind: campaignTargets.kind,
      name: segments.name,
      memberCount: segments.memberCount,
    })
    .from(campaignTargets)
    .innerJoin(segments, and(eq(segments.workspaceId, campaignTargets.workspaceId), eq(segments.id, campaignTargets.segmentId)))
    .where(and(eq(campaignTargets.workspaceId, workspaceId), inArray(campaignTargets.campaignId, campaignIds)))
    .orderBy(asc(campaignTargets.kind), asc(campaignTargets.position));
}

export async function campaignById(scope: WorkspaceScope, campaignId: string) {
  const c = await campaignRow(scope.db, scope.workspaceId, campaignId);
  const targets = await targetsOf(scope.db, scope.workspaceId, [campaignId]);
  const [owner] = c.ownerId
    ? await scope.db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, c.ownerId))
    : [];
  const { holdoutSeed: _, ...rest } = c;
  return {
    ...rest,
    owner: owner ? owner.name || owner.email : null,
    include: targets.filter((t) => t.kind === "include").map(({ segmentId, name, memberCount }) => ({ segmentId, name, memberCount })),
    exclude: targets.filter((t) => t.kind === "exclude").map(({ segmentId, name, memberCount }) => ({ segmentId, name, memberCount })),
  };
}

/** Campaigns by most recently changed; filter by name, status or a segment they target or exclude. */
export async function listCampaigns(
  scope: WorkspaceScope,
  input: { q: string; status?: string; segmentId?: string; cursor?: string | null; limit: number },
) {
  const after = input.cursor ? timeIdCursor.decode(input.cursor) : null;
  const rows = await scope.db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      channel: campaigns.channel,
      status: campaigns.status,
      startsOn: campaigns.startsOn,
      endsOn: campaigns.endsOn,
      audienceSize: campaigns.audienceSize,
      launchedAt: campaigns.launchedAt,
      updatedAt: campaigns.updatedAt,
      owner: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
    })
    .from(campaigns)
    .leftJoin(users, eq(users.id, campaigns.ownerId))
    .where(
      and(
        eq(campaigns.workspaceId, scope.workspaceId),
        input.q ? ilike(campaigns.name, `%${input.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`) : undefined,
        input.status
          ? eq(campaigns.status, input.status as (typeof campaigns.status.enumValues)[number])
          : sql`${campaigns.status} <> 'archived'`,
        input.segmentId
          ? sql`exists (select 1 from campaign_targets t where t.workspace_id = ${campaigns.workspaceId} and t.campaign_id = ${campaigns.id} and t.segment_id = ${input.segmentId})`
          : undefined,
        after ? or(lt(campaigns.updatedAt, after.at), and(eq(campaigns.updatedAt, after.at), lt(campaigns.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(campaigns.updatedAt), desc(campaigns.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const targets = await targetsOf(
    scope.db,
    scope.workspaceId,
    items.map((r) => r.id),
  );
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({ ...r, segments: targets.filter((t) => t.campaignId === r.id && t.kind === "include").map((t) => t.name) })),
    nextCursor: rows.length > input.limit && last ? timeIdCursor.encode(last.updatedAt, last.id) : null,
  };
}

/** Moves a campaign along: running and completed need a launch; archived hides it from the list. */
export async function setCampaignStatus(scope: WorkspaceScope, campaignId: string, status: "running" | "completed" | "archived") {
  requireRole(scope, "editor");
  const c = await campaignRow(scope.db, scope.workspaceId, campaignId);
  if (status !== "archived" && !c.launchedAt) throw preconditionFailed("Launch the campaign first: that freezes its audience.");
  await scope.db
    .update(campaigns)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(campaigns.workspaceId, scope.workspaceId), eq(campaigns.id, campaignId)));
  await recordAudit(scope.db, scope, { action: `campaign.${status}`, targetType: "campaign", targetId: campaignId });
  return campaignById(scope, campaignId);
}

/** The variant a segment's members get: its own, else the default, else an empty one. */
export function variantFor(variants: CampaignVariant[], segmentId: string): CampaignVariant {
  return (
    variants.find((v) => v.segmentId === segmentId) ??
    variants.find((v) => v.segmentId === null) ?? { segmentId: null, subject: "", body: "", cta: "", offer: "" }
  );
}
