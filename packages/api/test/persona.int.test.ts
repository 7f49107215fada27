// Persona cards: figures equal SQL written here, the written part is versioned, share links show the
// card and nothing else, and stop working when revoked.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@facet/db";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});

async function setup() {
  const owner = await newUser(database.db, "Persona Owner");
  const ws = await newWorkspace(database.db, owner, "Personas");
  const api = callerFor(database.db, owner);
  await api.attribute.create({ workspaceId: ws.id, key: "age", label: "Age", type: "number", dimension: "demographic" });
  await api.attribute.create({
    workspaceId: ws.id,
    key: "lifestyle",
    label: "Lifestyle",
    type: "enum",
    dimension: "psychographic",
    enumValues: ["Health-conscious", "Career-driven", "Social"],
  });
  // 400 customers: the young are mostly health-conscious; everyone else mostly career-driven.
  const lifestyles = ["Health-conscious", "Career-driven", "Social"];
  for (let i = 0; i < 400; i++) {
    const young = i % 4 === 0;
    const lifestyle = young ? (i % 20 === 0 ? "Social" : "Health-conscious") : lifestyles[1 + (i % 2)]!;
    await api.customer.create({
      workspaceId: ws.id,
      email: `p${i}@x.io`,
      traits: { age: young ? 25 + (i % 10) : 40 + (i % 30), lifestyle },
    });
  }
  const young = await api.segment.create({
    workspaceId: ws.id,
    name: "Young",
    tags: ["age"],
    definition: def({ type: "attribute", attribute: "age", operator: "lt", value: 35 }),
  });
  return { owner, ws, api, young };
}

describe("persona cards", () => {
  it("computes its figures from the members, equal to SQL written here, and says what sets them apart", { timeout: 60_000 }, async () => {
    const { ws, api, young } = await setup();
    const card = await api.persona.card({ workspaceId: ws.id, segmentId: young.id });
    expect(card.written.name).toBe("Young");
    expect(card.computed.sample).toEqual({ members: 100, customers: 400, exact: true });
    expect(card.computed.headline).toMatchObject({ size: 100, total: 400, share: 0.25 });

    const [truth] = await queryRows<{ share: number; avg_age: number; base_avg: number }>(
      database.db,
      sql`select avg(((c.traits ->> 'lifestyle') = 'Health-conscious')::int)::float8 as share,
                 avg((c.traits ->> 'age')::numeric)::float8 as avg_age,
                 (select avg((traits ->> 'age')::numeric)::float8 from customers where workspace_id = ${ws.id}) as base_avg
          from segment_members m join customers c on c.workspace_id = m.workspace_id and c.id = m.customer_id
          where m.workspace_id = ${ws.id} and m.segment_id = ${young.id}`,
    );
    const lifestyle = card.computed.profiles.find((p) => p.key === "lifestyle")!;
    expect(lifestyle.categories!.find((c) => c.value === "Health-conscious")!.segment).toBeCloseTo(truth!.share, 10);
    const ageProfile = card.computed.profiles.find((p) => p.key === "age")!;
    expect(ageProfile.numbers!.segmentMean).toBeCloseTo(truth!.avg_age, 10);
    expect(ageProfile.numbers!.baseMean).toBeCloseTo(truth!.base_avg, 10);
    expect(card.computed.profiles.some((p) => p.key === "email")).toBe(false);

    // What sets them apart: health-conscious over-represented, social under, age lower. No member is
    // career-driven, but at the base's rate only 25 would be: below the support threshold, so unsaid.
    const apart = card.computed.standouts.map((s) => (s.kind === "category" ? `${s.value}:${s.direction}` : `${s.key}:${s.direction}`));
    expect(apart.sort()).toEqual(["Health-conscious:over", "Social:under", "age:under"]);
    expect(card.computed.description.text).toContain('4.0x as likely to have Lifestyle "Health-conscious" (80% vs 20% overall)');
    for (const f of card.computed.description.facts) expect(f.ref).toMatch(/^(attr:(age|lifestyle)|headline:\w+)$/);
  });

  it("recomputes after the segment is refreshed, not before", async () => {
    const { ws, api, young } = await setup();
    const first = await api.persona.card({ workspaceId: ws.id, segmentId: young.id });
    expect((await api.persona.card({ workspaceId: ws.id, segmentId: young.id })).computed.computedAt).toBe(first.computed.computedAt);
    await api.customer.create({ workspaceId: ws.id, email: "new@x.io", traits: { age: 20 } });
    expect((await api.persona.card({ workspaceId: ws.id, segmentId: young.id })).computed.headline.size).toBe(100);
    await api.segment.refresh({ workspaceId: ws.id, segmentId: young.id });
    expect((await api.persona.card({ workspaceId: ws.id, segmentId: young.id })).computed.headline.size).toBe(101);
  });

  it("versions the written part with its author; an edit from an old version is refused; viewers can't edit", async () => {
    const { ws, api, young, owner } = await setup();
    const written = {
      name: "Healthy Hannah",
      summary: "Young and health-conscious",
      goals: ["Track workouts"],
      painPoints: ["No time"],
      quote: "I plan my week on Sunday.",
    };
    const saved = await api.persona.update({ workspaceId: ws.id, segmentId: young.id, written, baseVersion: 0 });
    expect(saved).toMatchObject({ version: 1, written: { name: "Healthy Hannah", goals: ["Track workouts"], avatar: "" } });
    await expectCode(
      api.persona.update({ workspaceId: ws.id, segmentId: young.id, written: { ...written, name: "Stale" }, baseVersion: 0 }),
      "CONFLICT",
    );
    await api.persona.update({
      workspaceId: ws.id,
      segmentId: young.id,
      written: { ...written, goals: ["Track workouts", "Eat well"] },
      baseVersion: 1,
    });
    const versions = await api.persona.versions({ workspaceId: ws.id, segmentId: young.id });
    expect(versions.map((v) => [v.version, v.authorEmail, v.written.goals.length])).toEqual([
      [2, owner.email, 2],
      [1, owner.email, 1],
    ]);
    await expectCode(api.persona.update({ workspaceId: ws.id, segmentId: young.id, written: { name: "" }, baseVersion: 2 }), "BAD_REQUEST");
    await expectCode(
      api.persona.update({
        workspaceId: ws.id,
        segmentId: young.id,
        written: { name: "X", avatar: "javascript:alert(1)" },
        baseVersion: 2,
      }),
      "BAD_REQUEST",
    );

    const viewer = await newUser(database.db, "Viewer");
    await database.db.execute(sql`insert into memberships (workspace_id, user_id, role) values (${ws.id}, ${viewer.id}, 'viewer')`);
    await expectCode(
      callerFor(database.db, viewer).persona.update({ workspaceId: ws.id, segmentId: young.id, written, baseVersion: 2 }),
      "FORBIDDEN",
    );
  });

  it("gallery filters by tag; compare puts two to four cards side by side", async () => {
    const { ws, api, young } = await setup();
    const old = await api.segment.create({
      workspaceId: ws.id,
      name: "Older",
      tags: ["later"],
      definition: def({ type: "attribute", attribute: "age", operator: "gte", value: 35 }),
    });
    expect((await api.persona.gallery({ workspaceId: ws.id })).map((g) => g.segmentName)).toEqual(["Older", "Young"]);
    expect((await api.persona.gallery({ workspaceId: ws.id, tag: "age" })).map((g) => g.segmentName)).toEqual(["Young"]);
    const both = await api.persona.compare({ workspaceId: ws.id, segmentIds: [young.id, old.id] });
    expect(both.map((c) => c.computed.headline.size)).toEqual([100, 300]);
    await expectCode(api.persona.compare({ workspaceId: ws.id, segmentIds: [young.id] }), "BAD_REQUEST");
  });
});

describe("share links", () => {
  it("show the card without signing in, nothing per customer, and stop working when revoked", async () => {
    const { ws, api, young } = await setup();
    await api.persona.update({ workspaceId: ws.id, segmentId: young.id, written: { name: "Healthy Hannah" }, baseVersion: 0 });
    const link = await api.persona.share({ workspaceId: ws.id, segmentId: young.id });
    const anonymous = callerFor(database.db, null);
    const shared = await anonymous.persona.shared({ token: link.token });
    expect(shared.written.name).toBe("Healthy Hannah");
    expect(shared.computed.headline.size).toBe(100);
    const text = JSON.stringify(shared);
    expect(text).not.toMatch(/@x\.io|cus_|ws_|seg_/);

    expect((await api.persona.shares({ workspaceId: ws.id, segmentId: young.id })).map((s) => s.id)).toEqual([link.id]);
    await api.persona.revokeShare({ workspaceId: ws.id, shareId: link.id });
    await expectCode(anonymous.persona.shared({ token: link.token }), "NOT_FOUND");
    await expectCode(anonymous.persona.shared({ token: "not-a-real-token-at-all" }), "NOT_FOUND");
  });
});
