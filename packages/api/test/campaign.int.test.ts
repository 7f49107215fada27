// Campaigns: frozen audiences, a reproducible holdout, signed webhook deliveries with retries, and
// results whose uplift matches a computation written here.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@facet/db";
import type { Rule, SegmentDefinition } from "@facet/validators";
import { campaign, resolveScope } from "@facet/domain";
import { appRouter } from "../src";
import { callerFor, contextFor, expectCode, newUser, newWorkspace, openDatabase, testJobs } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

const def = (...children: Rule[]): SegmentDefinition => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children },
});
const plan = (...value: string[]): Rule => ({ type: "attribute", attribute: "plan", operator: "in", value });

/** A workspace with `n` customers: plan Free/Pro/Team in turn, ages 20-69. */
async function setup(n = 30, jobs = testJobs(database.db)) {
  const owner = await newUser(database.db, "Campaigner");
  const ws = await newWorkspace(database.db, owner, "Campaigns");
  const api = callerFor(database.db, owner, { jobs });
  await api.attribute.create({
    workspaceId: ws.id,
    key: "plan",
    label: "Plan",
    type: "enum",
    dimension: "value",
    enumValues: ["Free", "Pro", "Team"],
  });
  await api.attribute.create({ workspaceId: ws.id, key: "age", label: "Age", type: "number", dimension: "demographic" });
  await database.db.execute(sql`insert into customers (workspace_id, id, email, name, traits)
    select ${ws.id}, 'cus_' || lpad(to_hex(g), 21, '0'), 'c' || g || '@x.io', 'Person ' || g,
           jsonb_build_object('plan', (array['Free','Pro','Team'])[1 + g % 3], 'age', 20 + g % 50)
    from generate_series(1, ${n}) g`);
  return { owner, ws, api };
}

describe("campaigns", () => {
  it("follows its dates: launches on its start day, a launch before it needs confirming, completes after its end day", async () => {
    const { ws, api } = await setup();
    const everyone = await api.segment.create({ workspaceId: ws.id, name: "Everyone", definition: def() });
    const at = (day: string) => new Date(`${day}T12:00:00Z`);
    const schedule = (day: string) => campaign.runCampaignSchedule(database.db, { now: at(day), workspaceId: ws.id });
    const byId = (campaignId: string) => api.campaign.byId({ workspaceId: ws.id, campaignId });
    await expectCode(
      api.campaign.create({ workspaceId: ws.id, name: "No date", include: [everyone.id], status: "scheduled" }),
      "BAD_REQUEST",
    );
    const december = await api.campaign.create({
      workspaceId: ws.id,
      name: "December",
      include: [everyone.id],
      startsOn: "2099-12-01",
      endsOn: "2099-12-31",
      status: "scheduled",
    });
    // Launching by hand before the start date needs saying so; nothing launched.
    await expectCode(api.campaign.launch({ workspaceId: ws.id, campaignId: december.id }), "PRECONDITION_FAILED");
    expect(await schedule("2099-11-30")).toEqual({ launched: 0, completed: 0 });
    expect(await byId(december.id)).toMatchObject({ status: "scheduled", launchedAt: null });

    // The start day: it launches by itself, freezing the audience then.
    await database.db.execute(
      sql`insert into customers (workspace_id, id, email) values (${ws.id}, 'cus_latecomer000000000001', 'late@x.io')`,
    );
    await api.segment.refresh({ workspaceId: ws.id, segmentId: everyone.id });
    expect(await schedule("2099-12-01")).toEqual({ launched: 1, completed: 0 });
    expect(await byId(december.id)).toMatchObject({ status: "running", audienceSize: 31 });
    expect(await schedule("2099-12-31")).toEqual({ launched: 0, completed: 0 });
    expect(await schedule("2100-01-01")).toEqual({ launched: 0, completed: 1 });
    expect(await byId(december.id)).toMatchObject({ status: "completed" });

    // Confirmed: it launches early.
    const early = await api.campaign.create({ workspaceId: ws.id, name: "Early", include: [everyone.id], startsOn: "2099-12-01" });
    expect(await api.campaign.launch({ workspaceId: ws.id, campaignId: early.id, early: true })).toMatchObject({ status: "running" });
    // Conversions count inside the window only: within its days of launch, and not after its end day.
    await database.db.execute(
      sql`update campaigns set launched_at = '2026-01-01T00:00Z', starts_on = null, ends_on = '2026-01-10' where workspace_id = ${ws.id} and id = ${early.id}`,
    );
    const [first, second] = (await api.campaign.audience({ workspaceId: ws.id, campaignId: early.id, limit: 2 })).items;
    await database.db.execute(sql`insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue) values
      (${ws.id}, ${first!.id}, 'purchase', '2026-01-05T10:00Z', '{}', 10),
      (${ws.id}, ${second!.id}, 'purchase', '2026-01-12T10:00Z', '{}', 10)`);
    const results = await api.campaign.results({ workspaceId: ws.id, campaignId: early.id });
    expect(results.to.toISOString()).toBe("2026-01-11T00:00:00.000Z");
    expect(results.treated.converters).toBe(1);
    // A scheduled campaign that can't launch goes back to draft.
    const orphan = await api.campaign.create({ workspaceId: ws.id, name: "Nobody", startsOn: "2099-12-01", status: "scheduled" });
    expect(await schedule("2099-12-02")).toEqual({ launched: 0, completed: 1 }); // (the early one, past its end day)
    expect(await byId(orphan.id)).toMatchObject({ status: "draft", launchedAt: null });
  });

  it("exports hold only the treated customers, each with the message filled in for them; the holdout is its own list", async () => {
    const { owner, ws, api } = await setup(60);
    const everyone = await api.segment.create({ workspaceId: ws.id, name: "Everyone", definition: def() });
    // Known to the workspace, and no customer has one: the fallback fills in.
    await api.attribute.create({ workspaceId: ws.id, key: "city", label: "City", type: "string", dimension: "geographic" });
    const c = await api.campaign.create({
      workspaceId: ws.id,
      name: "Hello",
      include: [everyone.id],
      holdoutPercent: 30,
      variants: [
        { segmentId: null, subject: "Hi {{first_name|there}}, on {{plan}}", body: "Aged {{age}}. {{city|Somewhere}}", cta: "", offer: "" },
      ],
    });
    await api.campaign.launch({ workspaceId: ws.id, campaignId: c.id });
    const audience = await api.campaign.audience({ workspaceId: ws.id, campaignId: c.id, limit: 100 });
    const held = new Set(audience.items.filter((m) => m.holdout).map((m) => m.id));
    expect(held.size).toBeGreaterThan(0);
    const scope = await resolveScope(database.db, owner.id, ws.id);
    const csv = async (layout: campaign.AudienceLayout) => {
      let text = "";
      for await (const chunk of campaign.audienceCsv(scope, c.id, layout)) text += chunk;
      return text.trim().split(/\r?\n/);
    };
    const [header, ...treated] = await csv("standard");
    expect(header).toBe("customer_id,email,name,external_id,segment,subject,body,cta,offer");
    expect(treated).toHaveLength(60 - held.size);
    for (const line of treated) {
      const id = line.split(",")[0]!;
      expect(held.has(id)).toBe(false);
      const [row] = await queryRows<{ name: string; plan: string; age: number }>(
        database.db,
        sql`select name, traits ->> 'plan' as plan, (traits ->> 'age')::int as age from customers where workspace_id = ${ws.id} and id = ${id}`,
      );
      expect(line).toContain(`,Everyone,"Hi ${row!.name.split(" ")[0]}, on ${row!.plan}",Aged ${row!.age}. Somewhere,,`);
      expect(line).not.toContain("{{");
    }
    const [holdHeader, ...holdout] = await csv("holdout");
    expect(holdHeader).toBe("customer_id,email,name,external_id,segment");
    expect(holdout.map((l) => l.split(",")[0]).sort()).toEqual([...held].sort());
    expect((await csv("ads")).length - 1).toBe(60 - held.size);
  });

  it("targets segments minus exclusions, each member once with the first segment's variant; launch freezes the audience", async () => {
    const { ws, api } = await setup();
    const paying = await api.segment.create({ workspaceId: ws.id, name: "Paying", definition: def(plan("Pro", "Team")) });
    const team = await api.segment.create({ workspaceId: ws.id, name: "Team", definition: def(plan("Team")) });
    const young = await api.segment.create({
      workspaceId: ws.id,
      name: "Young",
      definition: def({ type: "attribute", attribute: "age", operator: "lt", value: 30 }),
    });
    // Team members are in both included segments; the first one (Team) gives their variant.
    const size = await api.campaign.audienceSize({ workspaceId: ws.id, include: [team.id, paying.id], exclude: [young.id] });
    const [expected] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from customers where workspace_id = ${ws.id} and traits ->> 'plan' in ('Pro', 'Team') and (traits ->> 'age')::int >= 30`,
    );
    expect(size.size).toBe(expected!.n);

    const c = await api.campaign.create({
      workspaceId: ws.id,
      name: "Upgrade",
      channel: "email",
      include: [team.id, paying.id],
      exclude: [young.id],
      variants: [
        { segmentId: team.id, subject: "More seats for {{first_name|your team}}", body: "", cta: "", offer: "" },
        { segmentId: null, subject: "Go Team, {{first_name}}", body: "", cta: "", offer: "" },
      ],
    });
    expect(c).toMatchObject({ status: "draft", include: [{ name: "Team" }, { name: "Paying" }], exclude: [{ name: "Young" }] });
    const launched = await api.campaign.launch({ workspaceId: ws.id, campaignId: c.id });
    expect(launched).toMatchObject({ status: "running", audienceSize: expected!.n, holdoutSize: 0 });
    const page = await api.campaign.audience({ workspaceId: ws.id, campaignId: c.id, limit: 100 });
    const before = page.items.map((i) => `${i.id}:${i.segmentId}`);
    for (const i of page.items) {
      const [row] = await queryRows<{ plan: string }>(
        database.db,
        sql`select traits ->> 'plan' as plan from customers where workspace_id = ${ws.id} and id = ${i.id}`,
      );
      expect(i.segmentId).toBe(row!.plan === "Team" ? team.id : paying.id);
    }

    // Segments change; the frozen audience doesn't.
    await api.segment.update({ workspaceId: ws.id, segmentId: paying.id, definition: def(plan("Free")) });
    await api.customer.create({ workspaceId: ws.id, email: "late@x.io", traits: { plan: "Team", age: 40 } });
    await api.segment.refresh({ workspaceId: ws.id, segmentId: team.id });
    expect(
      (await api.campaign.audience({ workspaceId: ws.id, campaignId: c.id, limit: 100 })).items.map((i) => `${i.id}:${i.segmentId}`),
    ).toEqual(before);

    await expectCode(api.campaign.update({ workspaceId: ws.id, campaignId: c.id, name: "Changed" }), "PRECONDITION_FAILED");
    await expectCode(api.campaign.launch({ workspaceId: ws.id, campaignId: c.id }), "PRECONDITION_FAILED");

    // Erasing a customer takes them out of audiences too.
    await api.customer.delete({ workspaceId: ws.id, customerIds: [page.items[0]!.id] });
    expect((await api.campaign.audience({ workspaceId: ws.id, campaignId: c.id, limit: 100 })).items).toHaveLength(before.length - 1);
  });

  it("launches only an audience of the size the person confirmed; any other size launches nothing", async () => {
    const { ws, api } = await setup();
    const paying = await api.segment.create({ workspaceId: ws.id, name: "Paying", definition: def(plan("Pro", "Team")) });
    const c = await api.campaign.create({ workspaceId: ws.id, name: "Confirmed", include: [paying.id] });
    const { size } = await api.campaign.audienceSize({ workspaceId: ws.id, include: [paying.id] });
    expect(size).toBe(20);

    // The dialog showed a size that is no longer the audience (another target set, or segments changed since).
    const stale = api.campaign.launch({ workspaceId: ws.id, campaignId: c.id, audienceSize: size + 5 });
    await expectCode(stale, "CONFLICT");
    await expect(stale).rejects.toThrow("The audience is now 20 customers, not the 25 customers shown");
    expect(await api.campaign.byId({ workspaceId: ws.id, campaignId: c.id })).toMatchObject({ launchedAt: null, status: "draft" });
    await expectCode(api.campaign.audience({ workspaceId: ws.id, campaignId: c.id, limit: 10 }), "CONFLICT");

    const launched = await api.campaign.launch({ workspaceId: ws.id, campaignId: c.id, audienceSize: size });
    expect(launched).toMatchObject({ status: "running", audienceSize: size });
    expect((await api.campaign.audience({ workspaceId: ws.id, campaignId: c.id, limit: 100 })).items).toHaveLength(size);
  });

  it("rejects unknown placeholders, variants for untargeted segments, and overlapping targets; previews a message for a member", async () => {
    const { ws, api } = await setup();
    const pro = await api.segment.create({ workspaceId: ws.id, name: "Pro", definition: def(plan("Pro")) });
    const other = await api.segment.create({ workspaceId: ws.id, name: "Other", definition: def(plan("Free")) });
    const v = (subject: string, segmentId: string | null = pro.id) => ({ segmentId, subject, body: "", cta: "", offer: "" });
    await expectCode(
      api.campaign.create({ workspaceId: ws.id, name: "X", include: [pro.id], variants: [v("Hi {{favourite_colour}}")] }),
      "BAD_REQUEST",
    );
    await expectCode(
      api.campaign.create({ workspaceId: ws.id, name: "X", include: [pro.id], variants: [v("Hi {{first_name")] }),
      "BAD_REQUEST",
    );
    await expectCode(
      api.campaign.create({ workspaceId: ws.id, name: "X", include: [pro.id], variants: [v("Hi", other.id)] }),
      "BAD_REQUEST",
    );
    await expectCode(api.campaign.create({ workspaceId: ws.id, name: "X", include: [pro.id], exclude: [pro.id] }), "BAD_REQUEST");
    await expectCode(api.campaign.create({ workspaceId: ws.id, name: "X", startsOn: "2026-05-02", endsOn: "2026-05-01" }), "BAD_REQUEST");
    const preview = await api.campaign.previewMessage({
      workspaceId: ws.id,
      variant: v("{{first_name}}, {{plan}} costs less this week, you're {{age|ageless}}"),
    });
    expect(preview!.subject).toMatch(/^Person, Pro costs less this week, you're \d+$/);
  });

  it("holds out the set share, the same customers for the same seed, others for another", async () => {
    const { ws, api } = await setup(4000);
    const everyone = await api.segment.create({ workspaceId: ws.id, name: "Everyone", definition: def() });
    const held = async (seed: number) => {
      const c = await api.campaign.create({ workspaceId: ws.id, name: `Seed ${seed}`, include: [everyone.id], holdoutPercent: 20 });
      await database.db.execute(sql`update campaigns set holdout_seed = ${seed} where workspace_id = ${ws.id} and id = ${c.id}`);
      const launched = await api.campaign.launch({ workspaceId: ws.id, campaignId: c.id });
      const rows = await queryRows<{ customer_id: string }>(
        database.db,
        sql`select customer_id from campaign_audience where workspace_id = ${ws.id} and campaign_id = ${c.id} and holdout order by 1`,
      );
      expect(rows.length).toBe(launched.holdoutSize);
      return rows.map((r) => r.customer_id);
    };
    const a = await held(1234);
    expect(a.length / 4000).toBeGreaterThan(0.17);
    expect(a.length / 4000).toBeLessThan(0.23);
    expect(await held(1234)).toEqual(a);
    const other = await held(99);
    expect(other).not.toEqual(a);
    expect(other.filter((id) => a.includes(id)).length / a.length).toBeLessThan(0.3);
  });

  it("measures conversions per variant and for the holdout; uplift matches a computation written here", async () => {
    const { ws, api } = await setup(2000);
    const everyone = await api.segment.create({ workspaceId: ws.id, name: "Everyone", definition: def() });
    const c = await api.campaign.create({
      workspaceId: ws.id,
      name: "Measured",
      include: [everyone.id],
      holdoutPercent: 30,
      conversionEvent: "purchase",
      conversionWindowDays: 14,
    });
    await api.campaign.launch({ workspaceId: ws.id, campaignId: c.id });
    // Launched three days ago, so purchases since then are in the past.
    await database.db.execute(
      sql`update campaigns set launched_at = now() - interval '3 days' where workspace_id = ${ws.id} and id = ${c.id}`,
    );
    const launched = await api.campaign.byId({ workspaceId: ws.id, campaignId: c.id });
    // Treated customers buy more often than held-out ones; one purchase before launch and one after the window don't count.
    await database.db.execute(sql`insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
      select a.workspace_id, a.customer_id, 'purchase', ${launched.launchedAt!.toISOString()}::timestamptz + interval '1 hour', '{}', 10
      from campaign_audience a where a.workspace_id = ${ws.id} and a.campaign_id = ${c.id}
        and (hashtext(a.customer_id) & 1023) < case when a.holdout then 100 else 200 end`);
    await database.db.execute(sql`insert into events (workspace_id, customer_id, name, occurred_at, properties, revenue)
      select a.workspace_id, a.customer_id, 'purchase', ts, '{}', 99
      from campaign_audience a, (values (${launched.launchedAt!.toISOString()}::timestamptz - interval '1 day'), (${launched.launchedAt!.toISOString()}::timestamptz + interval '15 days')) v(ts)
      where a.workspace_id = ${ws.id} and a.campaign_id = ${c.id} and (hashtext(a.customer_id) & 1023) >= 900`);

    const r = await api.campaign.results({ workspaceId: ws.id, campaignId: c.id });
    const truth = await queryRows<{ holdout: boolean; audience: number; converters: number; revenue: number }>(
      database.db,
      sql`select a.holdout, count(*)::int as audience,
                 count(*) filter (where exists (select 1 from events e where e.workspace_id = a.workspace_id and e.customer_id = a.customer_id and e.name = 'purchase'
                                  and e.occurred_at >= ${launched.launchedAt!.toISOString()}::timestamptz and e.occurred_at < ${launched.launchedAt!.toISOString()}::timestamptz + interval '14 days'))::int as converters,
                 coalesce(sum((select sum(e.revenue) from events e where e.workspace_id = a.workspace_id and e.customer_id = a.customer_id and e.name = 'purchase'
                                  and e.occurred_at >= ${launched.launchedAt!.toISOString()}::timestamptz and e.occurred_at < ${launched.launchedAt!.toISOString()}::timestamptz + interval '14 days')), 0)::float8 as revenue
          from campaign_audience a where a.workspace_id = ${ws.id} and a.campaign_id = ${c.id} group by a.holdout`,
    );
    const t = truth.find((x) => !x.holdout)!;
    const h = truth.find((x) => x.holdout)!;
    expect(r.treated).toMatchObject({ audience: t.audience, converters: t.converters, revenue: t.revenue });
    expect(r.holdout).toMatchObject({ audience: h.audience, converters: h.converters, revenue: h.revenue });
    const p1 = t.converters / t.audience;
    const p0 = h.converters / h.audience;
    // Newcombe's hybrid score interval: each rate's Wilson interval, combined.
    const z = 1.959964;
    const wilson = (p: number, n: number) => {
      const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
      const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
      return [centre - half, centre + half] as const;
    };
    const [l1, u1] = wilson(p1, t.audience);
    const [l0, u0] = wilson(p0, h.audience);
    expect(r.uplift!.difference).toBeCloseTo(p1 - p0, 12);
    expect(r.uplift!.low).toBeCloseTo(p1 - p0 - Math.hypot(p1 - l1, u0 - p0), 12);
    expect(r.uplift!.high).toBeCloseTo(p1 - p0 + Math.hypot(u1 - p1, p0 - l0), 12);
    expect(r.uplift!.evidence).toBe("lift");
    expect(r.verdict).toMatch(/^The campaign lifted conversion by/);
    // The banner and the one row of the table come from the same interval.
    expect(r.variants[0]!.uplift).toEqual(r.uplift);
    expect(r.variants).toHaveLength(1);

    // A window that closes before any purchase: nothing to tell.
    const none = await api.campaign.results({ workspaceId: ws.id, campaignId: c.id, conversionEvent: "refund" });
    expect(none.treated.converters).toBe(0);
    expect(none.verdict).toMatch(/^Not enough evidence yet/);
  });
});

describe("webhook deliveries", () => {
  let server: Server;
  let url = "";
  const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
  let failNext = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(500).end("down");
          return;
        }
        received.push({ headers: req.headers, body });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function launched() {
    // Batches of 7 (several per delivery) and a short backoff, so retries happen within the test.
    const jobs = testJobs(database.db, { deliveryBatchSize: 7, policies: { "campaign.deliver": { backoffMs: 300 } } });
    const { ws, api, owner } = await setup(25, jobs);
    const everyone = await api.segment.create({ workspaceId: ws.id, name: "Everyone", definition: def() });
    const c = await api.campaign.create({
      workspaceId: ws.id,
      name: "Webhook",
      include: [everyone.id],
      holdoutPercent: 20,
      variants: [{ segmentId: null, subject: "Hello", body: "", cta: "", offer: "" }],
    });
    await api.campaign.launch({ workspaceId: ws.id, campaignId: c.id });
    return { ws, api, owner, jobs, campaignId: c.id };
  }

  it("refuses private addresses until an admin allows them, and again at send time if they stop allowing them", async () => {
    const { ws, api, jobs, campaignId } = await launched();
    await expectCode(api.destination.create({ workspaceId: ws.id, name: "Local", url }), "BAD_REQUEST");
    await expectCode(api.destination.create({ workspaceId: ws.id, name: "Meta", url: "http://169.254.169.254/latest" }), "BAD_REQUEST");
    await api.destination.setAllowPrivate({ workspaceId: ws.id, allow: true });
    const dest = await api.destination.create({ workspaceId: ws.id, name: "Local", url });
    await api.destination.setAllowPrivate({ workspaceId: ws.id, allow: false });
    await api.campaign.deliver({ workspaceId: ws.id, campaignId, destinationId: dest.id });
    await jobs.drain();
    const [d] = await api.campaign.deliveries({ workspaceId: ws.id, campaignId });
    expect(d).toMatchObject({ status: "failed", attempts: 1 });
    expect(d!.lastError).toMatch(/127\.0\.0\.1 is a loopback address, not a public one\. An admin can allow private/);
    expect(received).toEqual([]);
  });

  it("refuses loopback and metadata addresses written as IPv6 forms of IPv4, with a 400 naming the URL field", async () => {
    const { ws, owner } = await launched();
    const port = new URL(url).port;
    const context = contextFor(database.db, owner, { requestId: "req_ssrf" });
    for (const host of [
      "[::ffff:127.0.0.1]",
      "[::ffff:7f00:1]",
      "[::ffff:a9fe:a9fe]",
      "[::127.0.0.1]",
      "[64:ff9b::7f00:1]",
      "[2002:7f00:1::]",
      "localhost",
    ]) {
      const response = await fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request("http://facet.test/api/trpc/destination.create", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: { workspaceId: ws.id, name: "Sneaky", url: `http://${host}:${port}/hook` } }),
        }),
        router: appRouter,
        createContext: () => context,
      });
      const { error } = (await response.json()) as { error?: { json: { message: string; data: { field: string | null } } } };
      expect({ host, status: response.status, field: error?.json.data.field }).toEqual({ host, status: 400, field: "url" });
      expect(error?.json.message).toMatch(/a (loopback|link-local) address, not a public one/);
    }
    expect(await callerFor(database.db, owner).destination.list({ workspaceId: ws.id })).toEqual([]);
  });

  it("delivers to a loopback receiver written as an IPv4-mapped address once an admin allows private destinations", async () => {
    const { ws, api, jobs, campaignId } = await launched();
    await api.destination.setAllowPrivate({ workspaceId: ws.id, allow: true });
    const dest = await api.destination.create({ workspaceId: ws.id, name: "Mapped", url: url.replace("127.0.0.1", "[::ffff:127.0.0.1]") });
    received.length = 0;
    await api.campaign.deliver({ workspaceId: ws.id, campaignId, destinationId: dest.id });
    await jobs.drain();
    const [d] = await api.campaign.deliveries({ workspaceId: ws.id, campaignId });
    expect(d).toMatchObject({ status: "succeeded" });
    expect(received).toHaveLength(d!.batchesDone);
  });

  it("sends the audience but the holdout in signed JSON batches a receiver can verify", async () => {
    const { ws, api, jobs, campaignId } = await launched();
    await api.destination.setAllowPrivate({ workspaceId: ws.id, allow: true });
    const dest = await api.destination.create({ workspaceId: ws.id, name: "Local", url });
    received.length = 0;
    await api.campaign.deliver({ workspaceId: ws.id, campaignId, destinationId: dest.id });
    await jobs.drain();
    const c = await api.campaign.byId({ workspaceId: ws.id, campaignId });
    const treated = c.audienceSize - c.holdoutSize;
    expect(received).toHaveLength(Math.ceil(treated / 7));
    const members: string[] = [];
    for (const r of received) {
      const expected = `v1=${createHmac("sha256", dest.secret).update(`${r.headers["x-facet-timestamp"]}.${r.body}`).digest("hex")}`;
      expect(r.headers["x-facet-signature"]).toBe(expected);
      const payload = JSON.parse(r.body) as { members: { customer_id: string; subject: string }[]; batches: number };
      members.push(...payload.members.map((m) => m.customer_id));
      expect(payload.members.every((m) => m.subject === "Hello")).toBe(true);
    }
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from campaign_audience where workspace_id = ${ws.id} and campaign_id = ${campaignId} and not holdout`,
    );
    expect(new Set(members).size).toBe(n);
    const [d] = await api.campaign.deliveries({ workspaceId: ws.id, campaignId });
    expect(d).toMatchObject({ status: "succeeded", batchesDone: received.length });
  });

  it("retries a receiver that fails twice with backoff, resumes where it stopped, and logs every attempt", async () => {
    const { ws, api, jobs, campaignId } = await launched();
    await api.destination.setAllowPrivate({ workspaceId: ws.id, allow: true });
    const dest = await api.destination.create({ workspaceId: ws.id, name: "Flaky", url });
    received.length = 0;
    failNext = 2;
    await api.campaign.deliver({ workspaceId: ws.id, campaignId, destinationId: dest.id });
    const t0 = Date.now();
    await jobs.drain();
    let [d] = await api.campaign.deliveries({ workspaceId: ws.id, campaignId });
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastError: "The receiver answered 500." });
    expect(d!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t0 + 300);
    const job = (await jobs.latest("campaign.deliver", d!.id))!;
    expect(job).toMatchObject({ status: "retrying", attempts: 1, error: "The receiver answered 500." });
    // Not due yet: the backoff holds it back.
    expect(await jobs.drain()).toEqual([]);
    // Then the second attempt (300 ms later) fails too, and the third (600 ms after that) resumes and finishes.
    await expect
      .poll(async () => (await jobs.drain(), (await jobs.status(job.id))!.status), { timeout: 15_000, interval: 100 })
      .toBe("succeeded");
    [d] = await api.campaign.deliveries({ workspaceId: ws.id, campaignId });
    expect(d).toMatchObject({ status: "succeeded", attempts: 3 });
    expect((await jobs.status(job.id))!.attempts).toBe(3);
    const c = await api.campaign.byId({ workspaceId: ws.id, campaignId });
    const batches = Math.ceil((c.audienceSize - c.holdoutSize) / 7);
    expect(d!.log.map((l) => [l.batch, l.statusCode]).reverse()).toEqual([
      [1, 500],
      [1, 500],
      ...Array.from({ length: batches }, (_, i) => [i + 1, 200]),
    ]);
    expect(received).toHaveLength(batches);
  });
});
