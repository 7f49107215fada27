import { attributes, newId, type Db, type Traits } from "@facet/db";
import { toAttributeKey, type AttributeType } from "@facet/validators";
import { type Attribute, guessDimension, listAttributes } from "../attribute";
import { coerceValue, parseDate } from "../attribute/values";
import { invalid } from "../errors";

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

/**
 * Turns identify traits into customer fields and typed attribute values. Unknown traits become
 * attributes with a type inferred from their JSON value; a value of the wrong type fails the call.
 */
export class TraitMapper {
  private constructor(
    private readonly db: Db,
    private readonly workspaceId: string,
    private readonly byKey: Map<string, Attribute>,
  ) {}

  static async load(db: Db, workspaceId: string) {
    const all = await listAttributes({ db, workspaceId }, { includeArchived: true });
    return new TraitMapper(db, workspaceId, new Map(all.map((a) => [a.key, a])));
  }

  async map(raw: Record<string, unknown> | null | undefined, where: string): Promise<TraitUpdate> {
    const out: TraitUpdate = { traits: {} };
    if (!raw) return out;
    const first = typeof raw.firstName === "string" ? raw.firstName : typeof raw.first_name === "string" ? raw.first_name : "";
    const last = typeof raw.lastName === "string" ? raw.lastName : typeof raw.last_name === "string" ? raw.last_name : "";
    if (typeof raw.name === "string" && raw.name.trim()) out.name = raw.name.trim().slice(0, 200);
    else if (first || last) out.name = `${first} ${last}`.trim().slice(0, 200);
    if (typeof raw.email === "string" && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.email.trim())) out.email = raw.email.trim().toLowerCase();

    for (const [rawKey, value] of Object.entries(raw)) {
      const key = toAttributeKey(rawKey);
      if (identityTraits.has(key) || value === null || value === undefined) continue;
      let attr = this.byKey.get(key);
      if (attr?.column || attr?.computed || attr?.archivedAt) continue; // Facet's own, or retired: ignored
      if (!attr) {
        const type = inferFromJson(value);
        if (!type) throw invalid(`${where}traits.${rawKey}: objects can't be stored as attributes; flatten them.`);
        attr = await this.create(key, rawKey, type);
      }
      const result = coerceValue(attr, value);
      if (!result.ok) throw invalid(`${where}traits.${rawKey}: ${result.reason} (the attribute "${attr.key}" is ${attr.type}).`);
      if (result.value !== null) out.traits[key] = result.value;
    }
    return out;
  }

  private async create(key: string, label: string, type: AttributeType): Promise<Attribute> {
    const row = { workspaceId: this.workspaceId, id: newId("attr"), key, label, type, dimension: guessDimension(key) };
    await this.db.insert(attributes).values(row).onConflictDoNothing();
    const attr: Attribute = { ...row, description: "", enumValues: [], computed: false, column: null, archivedAt: null };
    this.byKey.set(key, attr);
    return attr;
  }
}
