import { and, asc, eq, isNull, notInArray, sql } from "drizzle-orm";
import { attributes, newId, queryRows, type Db } from "@facet/db";
import {
  createAttributeInput,
  reservedAttributeKeys,
  updateAttributeInput,
  type AttributeType,
  type CreateAttributeInput,
  type Dimension,
} from "@facet/validators";
import { recordAudit } from "../audit";
import { conflict, invalid, notFound } from "../errors";
import { requireRole, type WorkspaceScope } from "../scope";
import { builtinAttributes } from "./builtin";

export { attributeSql, builtinAttributes } from "./builtin";
export { coerceValue, parseDate, type AttributeValue, type Coerced } from "./values";
export { inferType, guessDimension } from "./infer";
export { previewRetype, retypeAttribute } from "./retype";
export { summarizeValues, type ValueSummary } from "./summary";

export interface Attribute {
  id: string;
  key: string;
  label: string;
  type: AttributeType;
  dimension: Dimension;
  description: string;
  enumValues: string[];
  computed: boolean;
  column: string | null;
  archivedAt: Date | null;
}

const columns = {
  id: attributes.id,
  key: attributes.key,
  label: attributes.label,
  type: attributes.type,
  dimension: attributes.dimension,
  description: attributes.description,
  enumValues: attributes.enumValues,
  computed: attributes.computed,
  column: attributes.column,
  archivedAt: attributes.archivedAt,
};

/**
 * A workspace has at most this many attributes of its own (active ones; built-in and computed ones aside).
 * Every trait, imported column or form entry that makes one counts, so a write key can't grow the customer
 * table and its exports without bound. ARCHITECTURE.md lists the limits.
 */
export const maxAttributesPerWorkspace = 1000;

export const attributeLimitMessage = `This workspace has reached its limit of ${maxAttributesPerWorkspace.toLocaleString("en-US")} attributes. Archive attributes it no longer needs to make room.`;

/**
 * How many more attributes the workspace may get. Takes a lock on attribute creation in the workspace until
 * the transaction ends, so concurrent requests can't each see room for the last few: call it inside the
 * transaction that creates them, just before.
 */
export async function attributeRoom(tx: Db, workspaceId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`attributes:${workspaceId}`}, 0))`);
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from attributes
        where workspace_id = ${workspaceId} and "column" is null and not computed and archived_at is null`,
  );
  return Math.max(0, maxAttributesPerWorkspace - (row?.n ?? 0));
}

/** Gives a new workspace its built-in attributes. Idempotent. */
export async function addBuiltinAttributes(tx: Db, workspaceId: string): Promise<void> {
  await tx
    .insert(attributes)
    .values(builtinAttributes.map((b) => ({ workspaceId, id: newId("attr"), ...b, column: b.key })))
    .onConflictDoNothing();
}

/**
 * The workspace's attributes; archived ones only when asked. A reserved key (stored before keys were checked)
 * is left out: nothing can read its values safely.
 */
export async function listAttributes(
  scope: Pick<WorkspaceScope, "db" | "workspaceId">,
  opts: { includeArchived?: boolean } = {},
): Promise<Attribute[]> {
  return scope.db
    .select(columns)
    .from(attributes)
    .where(
      and(
        eq(attributes.workspaceId, scope.workspaceId),
        notInArray(attributes.key, [...reservedAttributeKeys]),
        opts.includeArchived ? undefined : isNull(attributes.archivedAt),
      ),
    )
    .orderBy(asc(attributes.dimension), asc(attributes.label));
}

async function attributeById(scope: WorkspaceScope, attributeId: string): Promise<Attribute> {
  const [row] = await scope.db
    .select(columns)
    .from(attributes)
    .where(and(eq(attributes.workspaceId, scope.workspaceId), eq(attributes.id, attributeId)));
  if (!row) throw notFound("attribute");
  return row;
}

/** Adds an attribute. Admins only: attributes shape what every editor can store. */
export async function createAttribute(scope: WorkspaceScope, raw: CreateAttributeInput): Promise<Attribute> {
  requireRole(scope, "admin");
  const input = createAttributeInput.parse(raw);
  return scope.db.transaction(async (tx) => {
    if ((await attributeRoom(tx, scope.workspaceId)) < 1) throw invalid(attributeLimitMessage, "key");
    const [row] = await tx
      .insert(attributes)
      .values({
        workspaceId: scope.workspaceId,
        id: newId("attr"),
        key: input.key,
        label: input.label,
        type: input.type,
        dimension: input.dimension,
        description: input.description,
        enumValues: input.type === "enum" ? input.enumValues : [],
      })
      .onConflictDoNothing()
      .returning(columns);
    if (!row) throw conflict(`An attribute with the key "${input.key}" already exists.`, "key");
    await recordAudit(tx, scope, {
      action: "attribute.created",
      targetType: "attribute",
      targetId: row.id,
      data: { key: row.key, type: row.type },
    });
    return row;
  });
}

/** Changes label, dimension, description or allowed values. Keys and types stay (retyping is its own step). */
export async function updateAttribute(scope: WorkspaceScope, raw: Parameters<typeof updateAttributeInput.parse>[0]): Promise<Attribute> {
  requireRole(scope, "admin");
  const input = updateAttributeInput.parse(raw);
  const current = await attributeById(scope, input.attributeId);
  if (input.enumValues && current.type !== "enum") throw invalid("Only enum attributes have a list of allowed values.", "enumValues");
  if (input.enumValues?.length === 0) throw invalid("List the allowed values", "enumValues");
  return scope.db.transaction(async (tx) => {
    const [row] = await tx
      .update(attributes)
      .set({
        label: input.label ?? current.label,
        dimension: input.dimension ?? current.dimension,
        description: input.description ?? current.description,
        enumValues: input.enumValues ?? current.enumValues,
      })
      .where(and(eq(attributes.workspaceId, scope.workspaceId), eq(attributes.id, input.attributeId)))
      .returning(columns);
    if (!row) throw notFound("attribute");
    await recordAudit(tx, scope, { action: "attribute.updated", targetType: "attribute", targetId: row.id, data: { key: row.key } });
    return row;
  });
}

/** Hides an attribute from new data and pickers; stored values stay and it can be restored. */
export async function setAttributeArchived(scope: WorkspaceScope, attributeId: string, archived: boolean): Promise<Attribute> {
  requireRole(scope, "admin");
  const current = await attributeById(scope, attributeId);
  if (current.column) throw invalid("Built-in attributes can't be archived.");
  return scope.db.transaction(async (tx) => {
    if (!archived && current.archivedAt && !current.computed && (await attributeRoom(tx, scope.workspaceId)) < 1) {
      throw invalid(attributeLimitMessage);
    }
    const [row] = await tx
      .update(attributes)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(attributes.workspaceId, scope.workspaceId), eq(attributes.id, attributeId)))
      .returning(columns);
    if (!row) throw notFound("attribute");
    await recordAudit(tx, scope, {
      action: archived ? "attribute.archived" : "attribute.restored",
      targetType: "attribute",
      targetId: row.id,
      data: { key: row.key },
    });
    return row;
  });
}
