import { randomBytes } from "node:crypto";
import { and, arrayContains, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { newId, personaShares, personaVersions, personas, segments, type Db } from "@facet/db";
import { personaWritten, updatePersonaInput, type PersonaWritten } from "@facet/validators";
import { recordAudit } from "../audit";
import { conflict, notFound } from "../errors";
import { actingUserId, actorLabel, requireRole, type WorkspaceScope } from "../scope";
import { storeComputed, type ComputedPersona } from "./compute";
import { support } from "./stats";
import { sha256Hex } from "../shared/hash";

export { computePersona, readPersonaBase, storeComputed, SAMPLE_SIZE, type ComputedPersona, type PersonaBase } from "./compute";
export { describePersona, type Fact, type Headline } from "./describe";
export { personaPdf } from "./pdf";
export { profileAttribute, standouts, support, type AttributeProfile, type Standout } from "./stats";

/** A card nobody has written yet is named after its segment. */
const blank = (segmentName: string, description: string): PersonaWritten =>
  personaWritten.parse({ name: segmentName, summary: description });

const hashToken = sha256Hex;

async function segmentOf(db: Db, workspaceId: string, segmentId: string) {
  const [s] = await db
    .select({
      id: segments.id,
      name: segments.name,
      description: segments.description,
      tags: segments.tags,
      memberCount: segments.memberCount,
      refreshedAt: segments.refreshedAt,
    })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  if (!s) throw notFound("segment");
  return s;
}

/** The card: the written part (or a blank one) and the computed part, recomputed if the segment was refreshed since. */
async function cardOf(db: Db, workspaceId: string, segmentId: string) {
  const seg = await segmentOf(db, workspaceId, segmentId);
  const [row] = await db
    .select()
    .from(personas)
    .where(and(eq(personas.workspaceId, workspaceId), eq(personas.segmentId, segmentId)));
  const stale = !row?.computed || !row.computedAt || (seg.refreshedAt !== null && row.computedAt < seg.refreshedAt);
  const computed = stale ? await storeComputed(db, workspaceId, segmentId) : (row.computed as ComputedPersona);
  return { segment: seg, written: row?.written ?? blank(seg.name, seg.description), version: row?.version ?? 0, computed };
}

export async function personaCard(scope: WorkspaceScope, segmentId: string) {
  return cardOf(scope.db, scope.workspaceId, segmentId);
}

/** Saves the written part as a new version and returns the card; `baseVersion` must be the one the editor started from. */
export async function updatePersona(scope: WorkspaceScope, raw: Parameters<typeof updatePersonaInput.parse>[0]) {
  const segmentId = await writePersona(scope, raw);
  return personaCard(scope, segmentId);
}

/** Saves the written part as a new version, without computing the card (the demo computes its seven together). */
export async function writePersona(scope: WorkspaceScope, raw: Parameters<typeof updatePersonaInput.parse>[0]) {
  requireRole(scope, "editor");
  const input = updatePersonaInput.parse(raw);
  await segmentOf(scope.db, scope.workspaceId, input.segmentId);
  await scope.db.transaction(async (tx) => {
    await tx.insert(personas).values({ workspaceId: scope.workspaceId, segmentId: input.segmentId }).onConflictDoNothing();
    const [row] = await tx
      .select({ version: personas.version })
      .from(personas)
      .where(and(eq(personas.workspaceId, scope.workspaceId), eq(personas.segmentId, input.segmentId)))
      .for("update");
    if (row!.version !== input.baseVersion)
      throw conflict("Someone saved this persona while you were editing. Reload to see their version.");
    const version = row!.version + 1;
    await tx
      .update(personas)
      .set({ written: input.written, version, updatedAt: new Date() })
      .where(and(eq(personas.workspaceId, scope.workspaceId), eq(personas.segmentId, input.segmentId)));
    await tx.insert(personaVersions).values({
      workspaceId: scope.workspaceId,
      segmentId: input.segmentId,
      version,
      written: input.written,
      authorId: actingUserId(scope.actor),
      authorEmail: actorLabel(scope.actor),
    });
    await recordAudit(tx, scope, { action: "persona.edited", targetType: "segment", targetId: input.segmentId, data: { version } });
  });
  return input.segmentId;
}

export async function personaVersionsOf(scope: WorkspaceScope, segmentId: string) {
  await segmentOf(scope.db, scope.workspaceId, segmentId);
  return scope.db
    .select({
      version: personaVersions.version,
      written: personaVersions.written,
      authorEmail: personaVersions.authorEmail,
      createdAt: personaVersions.createdAt,
    })
    .from(personaVersions)
    .where(and(eq(personaVersions.workspaceId, scope.workspaceId), eq(personaVersions.segmentId, segmentId)))
    .orderBy(desc(personaVersions.version))
    .limit(100);
}

/**
 * Every live segment's card, for the gallery: written part and stored figures. Cards never opened
 * have no figures yet; opening one computes it.
 */
export async function personaGallery(scope: WorkspaceScope, input: { tag?: string }) {
  const rows = await scope.db
    .select({
      segmentId: segments.id,
      segmentName: segments.name,
      description: segments.description,
      tags: segments.tags,
      memberCount: segments.memberCount,
      written: personas.written,
      computed: personas.computed,
    })
    .from(segments)
    .leftJoin(personas, and(eq(personas.workspaceId, segments.workspaceId), eq(personas.segmentId, segments.id)))
    .where(
      and(
        eq(segments.workspaceId, scope.workspaceId),
        isNull(segments.archivedAt),
        input.tag ? arrayContains(segments.tags, [input.tag]) : undefined,
      ),
    )
    .orderBy(asc(segments.name))
    .limit(200);
  return rows.map((r) => {
    const c = r.computed as ComputedPersona | null;
    return {
      segmentId: r.segmentId,
      segmentName: r.segmentName,
      tags: r.tags,
      memberCount: r.memberCount,
      written: r.written ?? blank(r.segmentName, r.description),
      share: c?.headline.share ?? null,
      description: c?.description.text ?? null,
    };
  });
}

/** Two to four cards side by side, on the same figures. */
export async function comparePersonas(scope: WorkspaceScope, segmentIds: string[]) {
  const unique = [...new Set(segmentIds)];
  const found = await scope.db
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.workspaceId, scope.workspaceId), inArray(segments.id, unique)));
  if (found.length !== unique.length) throw notFound("segment");
  const cards = [];
  for (const id of unique) cards.push(await cardOf(scope.db, scope.workspaceId, id));
  return cards;
}

/** Creates a read-only link; the token is in the link only. */
export async function sharePersona(scope: WorkspaceScope, segmentId: string) {
  requireRole(scope, "editor");
  await segmentOf(scope.db, scope.workspaceId, segmentId);
  const token = randomBytes(24).toString("base64url");
  const id = newId("per");
  await scope.db.insert(personaShares).values({
    workspaceId: scope.workspaceId,
    id,
    segmentId,
    tokenHash: hashToken(token),
    createdBy: actingUserId(scope.actor),
  });
  await recordAudit(scope.db, scope, { action: "persona.shared", targetType: "segment", targetId: segmentId, data: { shareId: id } });
  return { id, token };
}

export async function listPersonaShares(scope: WorkspaceScope, segmentId: string) {
  await segmentOf(scope.db, scope.workspaceId, segmentId);
  return scope.db
    .select({ id: personaShares.id, createdAt: personaShares.createdAt, revokedAt: personaShares.revokedAt })
    .from(personaShares)
    .where(and(eq(personaShares.workspaceId, scope.workspaceId), eq(personaShares.segmentId, segmentId)))
    .orderBy(desc(personaShares.createdAt));
}

export async function revokePersonaShare(scope: WorkspaceScope, shareId: string) {
  requireRole(scope, "editor");
  const [row] = await scope.db
    .update(personaShares)
    .set({ revokedAt: new Date() })
    .where(and(eq(personaShares.workspaceId, scope.workspaceId), eq(personaShares.id, shareId), isNull(personaShares.revokedAt)))
    .returning({ segmentId: personaShares.segmentId });
  if (!row) throw notFound("share link");
  await recordAudit(scope.db, scope, {
    action: "persona.share_revoked",
    targetType: "segment",
    targetId: row.segmentId,
    data: { shareId },
  });
  return { revoked: true };
}

/** Values held by fewer than `support.minCount` customers on both sides could point at a person: a shared card leaves them out. */
function forSharing(c: ComputedPersona): ComputedPersona {
  const common = (x: { segmentCount: number; baseCount: number }) => x.segmentCount >= support.minCount || x.baseCount >= support.minCount;
  return { ...c, profiles: c.profiles.map((p) => (p.categories ? { ...p, categories: p.categories.filter(common) } : p)) };
}

/**
 * What a share link shows: the card's written part and aggregate figures, nothing per customer and
 * nothing else of the workspace. A revoked or unknown token is not found.
 */
export async function sharedPersona(db: Db, token: string) {
  const [share] = await db
    .select({ workspaceId: personaShares.workspaceId, segmentId: personaShares.segmentId })
    .from(personaShares)
    .where(and(eq(personaShares.tokenHash, hashToken(token)), isNull(personaShares.revokedAt)));
  if (!share) throw notFound("share link");
  const card = await cardOf(db, share.workspaceId, share.segmentId);
  return {
    written: card.written,
    computed: forSharing(card.computed),
    segment: { name: card.segment.name, memberCount: card.segment.memberCount },
  };
}
