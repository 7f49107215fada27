import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, segmentRefreshes, segmentVersions, segments, type Database } from "@facet/db";
import { definitionLimits, type Rule, type SegmentDefinition } from "@facet/validators";
import { callerFor, newUser, newWorkspace, openDatabase } from "./fixtures";

// Segment references are compiled once per referenced segment, and definitions are bounded: a
// definition that used to grow exponentially (six levels of "any of 10 copies of the previous
// segment": 10^6 conditions inlined, 70 s and 3.6 GB) now costs what its distinct parts cost, and one
// over a limit is a 400 naming the limit that changes nothing.

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const group = (combinator: "and" | "or", ...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator, negate: false, children },
});
const ref = (segmentId: string, operator: "in" | "not_in" = "in"): Rule => ({ type: "segment", segmentId, operator });
const age = (operator: "gte" | "lt", value: number): Rule => ({ type: "attribute", attribute: "age", operator, value });

async function setup() {
  const owner = await newUser(database.db, "Limits");
  const ws = await newWorkspace(database.db, owner, "Limits");
  const api = callerFor(database.db, owner);
  await api.attribute.create({ workspaceId: ws.id, key: "age", label: "Age", type: "number", dimension: "demographic" });
  const ids: string[] = [];
  for (const [i, a] of [22, 28, 34, 41, 57].entries())
    ids.push((await api.customer.create({ workspaceId: ws.id, email: `c${i}@x.io`, traits: { age: a } })).id);
  /** Everything a failed save must leave as it was. */
  const snapshot = async () => {
    const mine = <T extends typeof segments | typeof segmentVersions | typeof segmentRefreshes | typeof auditLog>(t: T) =>
      database.db
        .select({ n: count() })
        .from(t as typeof segments)
        .where(eq((t as typeof segments).workspaceId, ws.id));
    const [s, v, r, a] = await Promise.all([mine(segments), mine(segmentVersions), mine(segmentRefreshes), mine(auditLog)]);
    const rows = await database.db
      .select({ id: segments.id, version: segments.version, definition: segments.definition, memberCount: segments.memberCount })
      .from(segments)
      .where(eq(segments.workspaceId, ws.id))
      .orderBy(segments.id);
    return { segments: s[0]!.n, versions: v[0]!.n, refreshes: r[0]!.n, audit: a[0]!.n, rows };
  };
  return { ws, api, ids, snapshot };
}

describe("segment references and limits", () => {
  it("six levels of 'any of 10 copies of the previous segment' save, preview and explain with each segment computed once", async () => {
    const { ws, api, ids } = await setup();
    let previous = await api.segment.create({ workspaceId: ws.id, name: "Level 1", definition: group("and", age("gte", 30)) });
    expect(previous.memberCount).toBe(3);
    for (let level = 2; level <= 6; level++) {
      previous = await api.segment.create({
        workspaceId: ws.id,
        name: `Level ${level}`,
        definition: group("or", ...Array.from({ length: 10 }, () => ref(previous.id))),
      });
      expect(previous.memberCount).toBe(3);
    }
    // A viewer's preview of ten copies of the last one (inlined, 10^6 conditions: out of memory).
    const tenCopies = group("or", ...Array.from({ length: 10 }, () => ref(previous.id)));
    const preview = await api.segment.preview({ workspaceId: ws.id, definition: tenCopies });
    expect(preview).toMatchObject({ total: 5, count: 3, conditions: Array(10).fill(3) });
    expect(preview.sample.map((c) => c.id).sort()).toEqual([ids[2], ids[3], ids[4]].sort());
    const negated = await api.segment.preview({ workspaceId: ws.id, definition: group("and", ref(previous.id, "not_in")) });
    expect(negated.count).toBe(2);
    // The profile's "why" evaluates the same chain in memory, once per segment.
    const why = await api.segment.ofCustomer({ workspaceId: ws.id, customerId: ids[4]! });
    expect(why.find((s) => s.id === previous.id)?.why).toMatchObject({ matched: true, children: Array(10).fill({ matched: true }) });
  });

  it("references deeper than the limit are a 400 naming it, and the refused save changes nothing", async () => {
    const { ws, api, snapshot } = await setup();
    let previous = await api.segment.create({ workspaceId: ws.id, name: "Chain 0", definition: group("and", age("gte", 30)) });
    for (let level = 1; level <= definitionLimits.referenceDepth; level++)
      previous = await api.segment.create({ workspaceId: ws.id, name: `Chain ${level}`, definition: group("and", ref(previous.id)) });
    const before = await snapshot();
    const tooDeep = group("and", ref(previous.id));
    await expect(api.segment.create({ workspaceId: ws.id, name: "Too deep", definition: tooDeep })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: `Segments can refer to segments at most ${definitionLimits.referenceDepth} levels deep.`,
    });
    await expect(api.segment.preview({ workspaceId: ws.id, definition: tooDeep })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // An edit that would make the chain too deep leaves the segment at its version.
    const first = before.rows.find((r) => r.version === 1 && JSON.stringify(r.definition).includes('"age"'))!;
    await expect(api.segment.update({ workspaceId: ws.id, segmentId: first.id, definition: tooDeep })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("too many segment conditions, or too many conditions reached through references, are a 400 naming the limit", async () => {
    const { ws, api, snapshot } = await setup();
    const base = await api.segment.create({ workspaceId: ws.id, name: "Base", definition: group("and", age("gte", 30)) });
    const before = await snapshot();
    const fanOut = group("or", ...Array.from({ length: definitionLimits.references + 1 }, () => ref(base.id)));
    await expect(api.segment.create({ workspaceId: ws.id, name: "Fan", definition: fanOut })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: {
        issues: [{ path: ["definition", "root"], message: `Refer to other segments at most ${definitionLimits.references} times` }],
      },
    });
    expect(await snapshot()).toEqual(before);

    // Segments of 190 conditions each: eleven of them reach 2,090 conditions, over the 2,000 allowed.
    const big = group(
      "or",
      ...Array.from({ length: 5 }, (_, g): Rule => ({
        ...group("or", ...Array.from({ length: 37 }, (_, i) => age("gte", g * 37 + i))).root,
      })),
    );
    const bigOnes: string[] = [];
    for (let i = 0; i < 11; i++) bigOnes.push((await api.segment.create({ workspaceId: ws.id, name: `Big ${i}`, definition: big })).id);
    const beforeHuge = await snapshot();
    await expect(
      api.segment.create({ workspaceId: ws.id, name: "Huge", definition: group("or", ...bigOnes.map((id) => ref(id))) }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: `This segment reaches more than ${definitionLimits.reachableConditions.toLocaleString("en")} conditions through the segments it refers to.`,
    });
    expect(await snapshot()).toEqual(beforeHuge);
    // Ten of them are within the limit.
    const ten = await api.segment.create({
      workspaceId: ws.id,
      name: "Ten",
      definition: group("or", ...bigOnes.slice(0, 10).map((id) => ref(id))),
    });
    expect(ten.memberCount).toBe(5);
  });
});
