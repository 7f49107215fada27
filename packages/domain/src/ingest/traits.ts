import { attributes, newId, type Db, type Traits } from "@facet/db";
import { attributeKeyProblem, toAttributeKey, type AttributeType } from "@facet/validators";
import { attributeLimitMessage, attributeRoom, guessDimension, listAttributes, type Attribute } from "../attribute";
import { coerceValue, parseDate } from "../attribute/values";
import { ingestLimits } from "./parse";

/** Traits that map to customer columns rather than attributes. */
const identityTraits = new Set(["email", "name", "first_name", "last_name", "id", "user_id", "anonymous_id"]);

function inferFromJson(value: unknown): AttributeType | null {
  if (typeof value === "number") return Number.isFinite(value) ? "number" : null;
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return value.every((v) => typeof v === "string" || typeof v === "number") ? "list" : null;
  if (typeof value === "string") return parseDate(value) && /^\d{4}-\d{2}-\d{2}/.test(value) ? "date" : "string";
  return null;
}

export interface TraitUpdate {
  email?: string;
  name?: string;
  traits: Traits;
}

interface NewAttribute {
  key: string;
  label: string;
  type: AttributeType;
}

/** What one message's traits do: the update, and the attributes it needs first. Or why it can't be stored. */
type TraitPlan = { ok: true; update: TraitUpdate; create: NewAttribute[] } | { ok: false; reason: string };

/**
 * Turns identify traits into customer fields and typed attribute values. Unknown traits become attributes
 * with a type inferred from their JSON value, within the per-call and per-workspace caps. A message whose
 * traits can't be stored (a value of the wrong type, a reserved key, no room for its new attributes) is
 * refused whole, before anything of it is written, so the rest of its call goes on.
 */
export class TraitMapper {
  /** Attributes this mapper made (the call's count against the per-call cap). */
  private created = 0;
  /** Room left in the workspace, once creation is locked (see attributeRoom); null before. */
  private room: number | null = null;

  private constructor(
    private readonly db: Db,
    private readonly workspaceId: string,
    private byKey: Map<string, Attribute>,
  ) {}

  static async load(db: Db, workspaceId: string) {
    return new TraitMapper(db, workspaceId, await TraitMapper.read(db, workspaceId));
  }

  private static async read(db: Db, workspaceId: string) {
    return new Map((await listAttributes({ db, workspaceId }, { includeArchived: true })).map((a) => [a.key, a]));
  }

  /** The update for these traits, creating the attributes it needs; or the reason the message is refused. */
  async map(
    raw: Record<string, unknown> | null | undefined,
    where: string,
  ): Promise<{ ok: true; update: TraitUpdate } | { ok: false; reason: string }> {
    let plan = this.plan(raw, where);
    if (!plan.ok || plan.create.length === 0) return plan;
    if (this.room === null) {
      // First new attribute of this call: lock creation in the workspace, then re-read what exists, as
      // another call may have made some of these attributes (with its own types) in the meantime.
      this.room = await attributeRoom(this.db, this.workspaceId);
      this.byKey = await TraitMapper.read(this.db, this.workspaceId);
      plan = this.plan(raw, where);
      if (!plan.ok || plan.create.length === 0) return plan;
    }
    const perCall = ingestLimits.newAttributesPerCall;
    if (this.created + plan.create.length > perCall) {
      return {
        ok: false,
        reason: `${where}traits: would create more than ${perCall} new attributes in one call (the limit per call); send new traits in smaller calls.`,
      };
    }
    if (plan.create.length > this.room) return { ok: false, reason: `${where}traits: ${attributeLimitMessage}` };
    for (const a of plan.create) await this.create(a);
    this.created += plan.create.length;
    this.room -= plan.create.length;
    return { ok: true, update: plan.update };
  }

  private plan(raw: Record<string, unknown> | null | undefined, where: string): TraitPlan {
    const update: TraitUpdate = { traits: {} };
    const create: NewAttribute[] = [];
    if (!raw) return { ok: true, update, create };
    const text = (k: string) => {
      const v = raw[k];
      return typeof v === "string" ? v : "";
    };
    const first = text("firstName") || text("first_name");
    const last = text("lastName") || text("last_name");
    if (text("name").trim()) update.name = text("name").trim().slice(0, 200);
    else if (first || last) update.name = `${first} ${last}`.trim().slice(0, 200);
    const email = text("email").trim();
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) update.email = email.toLowerCase();

    const planned = new Map<string, Pick<Attribute, "key" | "type" | "enumValues">>();
    for (const [rawKey, value] of Object.entries(raw)) {
      const key = toAttributeKey(rawKey);
      if (identityTraits.has(key) || value === null || value === undefined) continue;
      const field = `${where}traits.${rawKey}`;
      const keyProblem = attributeKeyProblem(key);
      if (keyProblem)
        return {
          ok: false,
          reason: `${field}: can't be an attribute key (${keyProblem.replace(/; choose another key$/, "")}); rename the trait.`,
        };
      const known = this.byKey.get(key);
      if (known?.column || known?.computed || known?.archivedAt) continue; // Facet's own, or retired: ignored
      let attr: Pick<Attribute, "key" | "type" | "enumValues"> | undefined = known ?? planned.get(key);
      if (!attr) {
        const type = inferFromJson(value);
        if (!type) return { ok: false, reason: `${field}: objects can't be stored as attributes; flatten them.` };
        attr = { key, type, enumValues: [] };
        planned.set(key, attr);
        create.push({ key, label: rawKey.slice(0, 100), type });
      }
      const result = coerceValue(attr, value);
      if (!result.ok) return { ok: false, reason: `${field}: ${result.reason} (the attribute "${attr.key}" is ${attr.type}).` };
      if (result.value !== null) update.traits[key] = result.value;
    }
    return { ok: true, update, create };
  }

  private async create(a: NewAttribute): Promise<void> {
    const row = {
      workspaceId: this.workspaceId,
      id: newId("attr"),
      key: a.key,
      label: a.label,
      type: a.type,
      dimension: guessDimension(a.key),
    };
    await this.db.insert(attributes).values(row).onConflictDoNothing();
    this.byKey.set(a.key, { ...row, description: "", enumValues: [], computed: false, column: null, archivedAt: null });
  }
}
