// Guard tests: every tenant table carries workspace_id, and no procedure lets a member of
// workspace B see or change anything of workspace A, whatever ids they send.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database, type Db } from "@facet/db";
import { ingest, notification } from "@facet/domain";
import { appRouter, operationName, restOperations } from "../src";
import { callerFor, openDatabase, testJobs, twoWorkspaces } from "./fixtures";
import { upload } from "./imports";
import { restClient } from "./rest";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

/** Tables that are not per-workspace, and why. */
const globalTables: Record<string, string> = {
  users: "a person can belong to many workspaces",
  throttle_buckets: "sign-in and sign-up pacing happens before any workspace is chosen",
  workspaces: "the tenant itself; its id is the workspace id",
  jobs: "the job queue also runs system work (schedules, sweeps); a workspace's jobs carry its id and are deleted with it",
};

/** Indexes that deliberately don't start with workspace_id, and why. */
const crossTenantIndexes: Record<string, string> = {
  memberships_user_idx: "lists the workspaces of the signed-in user",
  invitations_token_key: "an invitation link carries only its token",
  api_keys_secret_key: "an API request carries only its key",
  persona_shares_token_key: "a share link carries only its token",
};

const publicTables = (db: Db) =>
  queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  ).then((rows) => rows.map((r) => r.table_name));

describe("tenant tables", () => {
  it("every table but the global ones has workspace_id, first in its primary key and every index", async () => {
    const tables = await publicTables(database.db);
    const tenant = tables.filter((t) => !(t in globalTables));
    expect(tenant.length).toBeGreaterThan(0);
    for (const table of tenant) {
      const cols = await queryRows<{ column_name: string; is_nullable: string }>(
        database.db,
        sql`select column_name, is_nullable from information_schema.columns where table_schema = 'public' and table_name = ${table}`,
      );
      expect(
        cols.find((c) => c.column_name === "workspace_id"),
        `${table}.workspace_id`,
      ).toMatchObject({ is_nullable: "NO" });
      const indexes = await queryRows<{ indexname: string; indexdef: string }>(
        database.db,
        sql`select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = ${table}`,
      );
      for (const index of indexes) {
        if (index.indexname in crossTenantIndexes) continue;
        expect(index.indexdef, `${table}: ${index.indexname}`).toMatch(/USING \w+ \(workspace_id[,)]/);
      }
    }
  });
});

type Fixture = Awaited<ReturnType<typeof twoWorkspaces>> & {
  invitationIdA: string;
  tokenA: string;
  customerIdA: string;
  attributeIdA: string;
  jobIdA: string;
  apiKeyIdA: string;
  segmentIdA: string;
  shareIdA: string;
  campaignIdA: string;
  destinationIdA: string;
  runIdA: string;
  checkIdA: string;
  notificationIdA: string;
};

const everyone = { version: 1, root: { type: "group", combinator: "and", negate: false, children: [] } } as const;
const refersTo = (segmentId: string) => ({
  version: 1,
  root: { type: "group", combinator: "and", negate: false, children: [{ type: "segment", segmentId, operator: "in" }] },
});
const campaignAttacks =
  (extra: Record<string, unknown> = {}) =>
  (f: Fixture) => [
    { workspaceId: f.wsA.id, campaignId: f.campaignIdA, ...extra },
    { workspaceId: f.wsB.id, campaignId: f.campaignIdA, ...extra },
  ];
const checkAttacks =
  (extra: Record<string, unknown> = {}) =>
  (f: Fixture) => [
    { workspaceId: f.wsA.id, checkId: f.checkIdA, ...extra },
    { workspaceId: f.wsB.id, checkId: f.checkIdA, ...extra },
  ];
const segmentAttacks =
  (extra: Record<string, unknown> = {}) =>
  (f: Fixture) => [
    { workspaceId: f.wsA.id, segmentId: f.segmentIdA, ...extra },
    { workspaceId: f.wsB.id, segmentId: f.segmentIdA, ...extra },
  ];

/**
 * One entry per procedure in the router. A tenant procedure lists the inputs a member of B might
 * send to reach A: A's workspace id, or B's workspace id with one of A's resource ids.
 */
const cases: Record<string, { attacks: (f: Fixture) => Record<string, unknown>[] } | { notTenant: string }> = {
  "account.signUp": { notTenant: "creates a user, before any workspace" },
  "account.me": { notTenant: "the caller's own account" },
  "account.revokeSessions": { notTenant: "the caller's own sessions" },
  "workspace.list": { notTenant: "lists only the caller's memberships (asserted below)" },
  "workspace.create": { notTenant: "creates a new workspace" },
  "workspace.createDemo": { notTenant: "starts making a new workspace of demo data" },
  "workspace.demoStatus": { notTenant: "the caller's own demo job; another user's is NOT_FOUND (demo.int.test.ts)" },
  "workspace.bySlug": { attacks: (f) => [{ slug: f.wsA.slug }] },
  "workspace.update": { attacks: (f) => [{ workspaceId: f.wsA.id, name: "Hijacked" }] },
  "workspace.delete": { attacks: (f) => [{ workspaceId: f.wsA.id, confirmSlug: f.wsA.slug }] },
  "workspace.counts": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "member.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "member.updateRole": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, userId: f.ownerB.id, role: "owner" },
      { workspaceId: f.wsB.id, userId: f.editor.id, role: "viewer" },
    ],
  },
  "member.delete": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, userId: f.editor.id },
      { workspaceId: f.wsB.id, userId: f.editor.id },
    ],
  },
  "invitation.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "invitation.create": { attacks: (f) => [{ workspaceId: f.wsA.id, email: "intruder@example.com", role: "owner" }] },
  "invitation.revoke": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, invitationId: f.invitationIdA },
      { workspaceId: f.wsB.id, invitationId: f.invitationIdA },
    ],
  },
  "invitation.byToken": { notTenant: "the token in the link is the capability; previews hold no tenant data beyond the invitation" },
  "invitation.accept": { notTenant: "only the invited email can accept (tested in member.int.test.ts)" },
  "auditLog.list": { attacks: (f) => [{ workspaceId: f.wsA.id, limit: 10 }] },
  "attribute.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "attribute.values": { attacks: (f) => [{ workspaceId: f.wsA.id, key: "plan" }] },
  "attribute.create": {
    attacks: (f) => [{ workspaceId: f.wsA.id, key: "stolen", label: "Stolen", type: "string", dimension: "needs" }],
  },
  "attribute.update": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, attributeId: f.attributeIdA, label: "Hijacked" },
      { workspaceId: f.wsB.id, attributeId: f.attributeIdA, label: "Hijacked" },
    ],
  },
  "attribute.retypePreview": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, attributeId: f.attributeIdA, type: "number" },
      { workspaceId: f.wsB.id, attributeId: f.attributeIdA, type: "number" },
    ],
  },
  "attribute.retype": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, attributeId: f.attributeIdA, type: "number" },
      { workspaceId: f.wsB.id, attributeId: f.attributeIdA, type: "number" },
    ],
  },
  "attribute.archive": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, attributeId: f.attributeIdA, archived: true },
      { workspaceId: f.wsB.id, attributeId: f.attributeIdA, archived: true },
    ],
  },
  "customer.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "customer.count": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "customer.eventNames": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "customer.byId": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, customerId: f.customerIdA },
      { workspaceId: f.wsB.id, customerId: f.customerIdA },
    ],
  },
  "customer.events": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, customerId: f.customerIdA },
      { workspaceId: f.wsB.id, customerId: f.customerIdA },
    ],
  },
  "customer.segmentHistory": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, customerId: f.customerIdA },
      { workspaceId: f.wsB.id, customerId: f.customerIdA },
    ],
  },
  "customer.export": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, customerId: f.customerIdA },
      { workspaceId: f.wsB.id, customerId: f.customerIdA },
    ],
  },
  "customer.create": { attacks: (f) => [{ workspaceId: f.wsA.id, email: "planted@example.com", traits: {} }] },
  "customer.update": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, customerId: f.customerIdA, name: "Hijacked", traits: {} },
      { workspaceId: f.wsB.id, customerId: f.customerIdA, name: "Hijacked", traits: {} },
    ],
  },
  "customer.delete": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, customerIds: [f.customerIdA] },
      { workspaceId: f.wsB.id, customerIds: [f.customerIdA] },
    ],
  },
  "importJob.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "importJob.byId": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, jobId: f.jobIdA },
      { workspaceId: f.wsB.id, jobId: f.jobIdA },
    ],
  },
  "importJob.rejections": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, jobId: f.jobIdA },
      { workspaceId: f.wsB.id, jobId: f.jobIdA },
    ],
  },
  "importJob.dryRun": {
    attacks: (f) =>
      [f.wsA.id, f.wsB.id].map((workspaceId) => ({
        workspaceId,
        jobId: f.jobIdA,
        settings: { delimiter: ",", encoding: "utf-8", hasHeader: true, columns: [{ target: "email" }], matchKey: "email", mode: "upsert" },
      })),
  },
  "apiKey.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "apiKey.create": { attacks: (f) => [{ workspaceId: f.wsA.id, name: "stolen", kind: "readWrite" }] },
  "ingestLog.list": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, limit: 10 },
      { workspaceId: f.wsB.id, apiKeyId: f.apiKeyIdA, limit: 10 },
    ],
  },
  "apiKey.revoke": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, apiKeyId: f.apiKeyIdA },
      { workspaceId: f.wsB.id, apiKeyId: f.apiKeyIdA },
    ],
  },
  "segment.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "segment.byId": { attacks: segmentAttacks() },
  "segment.versions": { attacks: segmentAttacks() },
  "segment.history": { attacks: segmentAttacks() },
  "segment.members": { attacks: segmentAttacks({ limit: 10 }) },
  "segment.changes": { attacks: segmentAttacks({ limit: 10 }) },
  "segment.activity": { attacks: segmentAttacks({ limit: 10 }) },
  "segment.sizeHistory": { attacks: segmentAttacks() },
  "segment.freshness": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, segmentIds: [f.segmentIdA] },
      { workspaceId: f.wsB.id, segmentIds: [f.segmentIdA] },
    ],
  },
  "segment.refresh": { attacks: segmentAttacks() },
  "segment.duplicate": { attacks: segmentAttacks() },
  "segment.archive": { attacks: segmentAttacks({ archived: true }) },
  "segment.restoreVersion": { attacks: segmentAttacks({ version: 1 }) },
  "segment.update": { attacks: segmentAttacks({ name: "Hijacked", definition: everyone }) },
  "segment.preview": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, definition: everyone },
      { workspaceId: f.wsB.id, definition: refersTo(f.segmentIdA) },
      { workspaceId: f.wsB.id, definition: everyone, segmentId: f.segmentIdA },
    ],
  },
  "segment.create": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, name: "Stolen", definition: everyone },
      { workspaceId: f.wsB.id, name: "Peek", definition: refersTo(f.segmentIdA) },
    ],
  },
  "segment.overlap": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, segmentIds: [f.segmentIdA, f.segmentIdA] },
      { workspaceId: f.wsB.id, segmentIds: [f.segmentIdA, f.segmentIdA] },
    ],
  },
  "segmentCheck.list": { attacks: segmentAttacks() },
  "segmentCheck.create": { attacks: segmentAttacks({ rule: { kind: "change", maxPercent: 10 } }) },
  "segmentCheck.update": { attacks: checkAttacks({ rule: { kind: "change", maxPercent: 99 } }) },
  "segmentCheck.delete": { attacks: checkAttacks() },
  "segmentCheck.history": { attacks: checkAttacks() },
  "persona.card": { attacks: segmentAttacks() },
  "persona.versions": { attacks: segmentAttacks() },
  "persona.shares": { attacks: segmentAttacks() },
  "persona.share": { attacks: segmentAttacks() },
  "persona.update": { attacks: segmentAttacks({ written: { name: "Hijacked" }, baseVersion: 0 }) },
  "persona.gallery": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "persona.compare": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, segmentIds: [f.segmentIdA, f.segmentIdA] },
      { workspaceId: f.wsB.id, segmentIds: [f.segmentIdA, f.segmentIdA] },
    ],
  },
  "persona.revokeShare": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, shareId: f.shareIdA },
      { workspaceId: f.wsB.id, shareId: f.shareIdA },
    ],
  },
  "persona.shared": { notTenant: "the token in the link is the capability (tested in persona.int.test.ts)" },
  "campaign.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "campaign.byId": { attacks: campaignAttacks() },
  "campaign.update": { attacks: campaignAttacks({ name: "Hijacked" }) },
  "campaign.setStatus": { attacks: campaignAttacks({ status: "archived" }) },
  "campaign.launch": { attacks: campaignAttacks() },
  "campaign.audience": { attacks: campaignAttacks({ limit: 10 }) },
  "campaign.results": { attacks: campaignAttacks() },
  "campaign.deliveries": { attacks: campaignAttacks() },
  "campaign.deliver": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, campaignId: f.campaignIdA, destinationId: f.destinationIdA },
      { workspaceId: f.wsB.id, campaignId: f.campaignIdA, destinationId: f.destinationIdA },
    ],
  },
  "campaign.create": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, name: "Hijacked" },
      { workspaceId: f.wsB.id, name: "Hijacked", include: [f.segmentIdA] },
    ],
  },
  "campaign.audienceSize": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, include: [f.segmentIdA] },
      { workspaceId: f.wsB.id, include: [f.segmentIdA] },
    ],
  },
  "campaign.previewMessage": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, variant: { segmentId: null } },
      { workspaceId: f.wsB.id, variant: { segmentId: f.segmentIdA } },
      { workspaceId: f.wsB.id, variant: { segmentId: null }, customerId: f.customerIdA },
    ],
  },
  "destination.list": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "destination.settings": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "destination.create": { attacks: (f) => [{ workspaceId: f.wsA.id, name: "Hijack", url: "https://93.184.215.14/hook" }] },
  "destination.setAllowPrivate": { attacks: (f) => [{ workspaceId: f.wsA.id, allow: true }] },
  "destination.archive": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, destinationId: f.destinationIdA },
      { workspaceId: f.wsB.id, destinationId: f.destinationIdA },
    ],
  },
  "discovery.startClustering": { attacks: (f) => [{ workspaceId: f.wsA.id, attributes: ["plan"], kMin: 2, kMax: 2 }] },
  "discovery.runs": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "discovery.run": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, runId: f.runIdA },
      { workspaceId: f.wsB.id, runId: f.runIdA },
    ],
  },
  "discovery.saveCluster": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, runId: f.runIdA, cluster: 0, name: "Hijack", mode: "attribute" },
      { workspaceId: f.wsB.id, runId: f.runIdA, cluster: 0, name: "Hijack", mode: "attribute" },
    ],
  },
  "discovery.startRfm": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "discovery.rfm": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "discovery.saveRfmGroup": { attacks: (f) => [{ workspaceId: f.wsA.id, group: "Champions", name: "Hijack" }] },
  "segment.templates": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "segment.fromTemplate": { attacks: (f) => [{ workspaceId: f.wsA.id, dimension: "value" }] },
  "segment.ofCustomer": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, customerId: f.customerIdA },
      { workspaceId: f.wsB.id, customerId: f.customerIdA },
    ],
  },
  "importJob.run": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, jobId: f.jobIdA },
      { workspaceId: f.wsB.id, jobId: f.jobIdA },
    ],
  },
  "notification.list": { attacks: (f) => [{ workspaceId: f.wsA.id, limit: 10 }] },
  "notification.unreadCount": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "notification.markRead": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, notificationId: f.notificationIdA },
      { workspaceId: f.wsB.id, notificationId: f.notificationIdA },
    ],
  },
  "notification.markAllRead": { attacks: (f) => [{ workspaceId: f.wsA.id }] },
  "health.list": {
    attacks: (f) => [
      { workspaceId: f.wsA.id, segmentIds: [] },
      { workspaceId: f.wsB.id, segmentIds: [f.segmentIdA] },
    ],
  },
  "health.bySegment": { attacks: segmentAttacks() },
  "health.reconciliations": {
    attacks: (f) => [{ workspaceId: f.wsA.id }, { workspaceId: f.wsB.id, segmentId: f.segmentIdA }],
  },
};

/** Workspace A with one of everything, and workspace B whose owner attacks it. */
async function fixture(): Promise<Fixture> {
  const base = await twoWorkspaces(database.db);
  const jobs = testJobs(database.db);
  const owner = callerFor(database.db, base.ownerA, { jobs });
  const { invitation, link } = await owner.invitation.create({ workspaceId: base.wsA.id, email: "pending@example.com", role: "viewer" });
  const customerA = await owner.customer.create({
    workspaceId: base.wsA.id,
    email: "customer@example.com",
    name: "A's customer",
    traits: {},
  });
  const attributeA = await owner.attribute.create({
    workspaceId: base.wsA.id,
    key: "plan",
    label: "Plan",
    type: "string",
    dimension: "value",
  });
  const jobA = await upload(database.db, base.ownerA, base.wsA.id, { name: "a.csv", text: "email\nx@example.com\n" });
  const keyA = await owner.apiKey.create({ workspaceId: base.wsA.id, name: "A's key", kind: "write" });
  // A message A's key sent that was refused, so A's ingest log has an entry to protect.
  await ingest.ingestMessages(
    database.db,
    { workspaceId: base.wsA.id, apiKeyId: keyA.key.id, call: "track" },
    ingest.parseIngestBody("track", JSON.stringify({ userId: "u-1" })),
  );
  const segmentA = await owner.segment.create({ workspaceId: base.wsA.id, name: "A's segment", definition: everyone });
  const shareA = await owner.persona.share({ workspaceId: base.wsA.id, segmentId: segmentA.id });
  const campaignA = await owner.campaign.create({
    workspaceId: base.wsA.id,
    name: "A's campaign",
    include: [segmentA.id],
    holdoutPercent: 10,
  });
  await owner.campaign.launch({ workspaceId: base.wsA.id, campaignId: campaignA.id });
  // A run of A's (it fails: one customer is too few for two clusters, but it exists).
  const runA = await owner.discovery.startClustering({ workspaceId: base.wsA.id, attributes: ["order_count"], kMin: 2, kMax: 2 });
  // Settled before the snapshots, so only an attack could change workspace A.
  await jobs.drain();
  const destinationA = await owner.destination.create({ workspaceId: base.wsA.id, name: "A's hook", url: "https://93.184.215.14/hook" });
  const checkA = await owner.segmentCheck.create({
    workspaceId: base.wsA.id,
    segmentId: segmentA.id,
    rule: { kind: "size", unit: "count", min: 0 },
  });
  const notificationA = await notification.notify(database.db, {
    workspaceId: base.wsA.id,
    userId: base.ownerA.id,
    kind: "refresh_failed",
    segmentId: segmentA.id,
    title: "A's segment could not be refreshed",
    body: "A's secret reason",
  });
  return {
    ...base,
    invitationIdA: invitation.id,
    tokenA: link.split("/invite/")[1]!,
    customerIdA: customerA.id,
    attributeIdA: attributeA.id,
    jobIdA: jobA.id,
    apiKeyIdA: keyA.key.id,
    segmentIdA: segmentA.id,
    shareIdA: shareA.id,
    campaignIdA: campaignA.id,
    destinationIdA: destinationA.id,
    runIdA: runA.id,
    checkIdA: checkA.id,
    notificationIdA: notificationA.id,
  };
}

/** Everything stored for workspace A, to compare before and after an attack. */
async function snapshotOf(db: Db, workspaceId: string): Promise<string> {
  const tables = (await publicTables(db)).filter((t) => !(t in globalTables));
  const parts: unknown[] = await queryRows(db, sql`select * from workspaces where id = ${workspaceId}`);
  for (const table of tables) {
    parts.push(table, await queryRows(db, sql`select * from ${sql.identifier(table)} where workspace_id = ${workspaceId} order by 1, 2`));
  }
  return JSON.stringify(parts);
}

describe("cross-workspace access", () => {
  const paths = Object.keys(appRouter._def.procedures).sort();

  it("every procedure has a tenancy case (a new one can't skip this test)", () => {
    expect(paths).toEqual(Object.keys(cases).sort());
  });

  it.each(paths)("%s: a member of B reaching into A gets NOT_FOUND and changes nothing", async (path) => {
    const entry = cases[path];
    if (!entry || "notTenant" in entry) return;
    const f = await fixture();
    const intruder = callerFor(database.db, f.ownerB) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const [area, name] = path.split(".") as [string, string];

    for (const input of entry.attacks(f)) {
      const before = await snapshotOf(database.db, f.wsA.id);
      await expect(intruder[area]![name]!(input), JSON.stringify(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await snapshotOf(database.db, f.wsA.id)).toBe(before);
    }
  });

  it("workspace.list shows only the caller's workspaces", async () => {
    const f = await twoWorkspaces(database.db);
    const list = await callerFor(database.db, f.ownerB).workspace.list();
    expect(list.map((w) => w.id)).toEqual([f.wsB.id]);
  });
});

/**
 * One entry per REST API v1 operation: what a read-and-write key of workspace B might send to reach A.
 * The workspace comes from the key, so A's id in the query or body must change nothing; A's resource
 * ids get 404. Either way A stays as it was and the answer names nothing of A's.
 */
type RestAttack = { path: string; body?: unknown; status: number };
const restCases: Record<string, (f: Fixture) => RestAttack[]> = {
  "GET /customers": (f) => [{ path: `/customers?workspaceId=${f.wsA.id}`, status: 200 }],
  "GET /customers/{id}": (f) => [{ path: `/customers/${f.customerIdA}?workspaceId=${f.wsA.id}`, status: 404 }],
  "PUT /customers/{id}": (f) => [{ path: `/customers/${f.customerIdA}`, body: { workspaceId: f.wsA.id, name: "Hijacked" }, status: 404 }],
  "GET /customers/{id}/segment-changes": (f) => [
    { path: `/customers/${f.customerIdA}/segment-changes?workspaceId=${f.wsA.id}`, status: 404 },
  ],
  "DELETE /customers/{id}": (f) => [{ path: `/customers/${f.customerIdA}?workspaceId=${f.wsA.id}`, status: 404 }],
  "GET /segments": (f) => [{ path: `/segments?workspaceId=${f.wsA.id}`, status: 200 }],
  "POST /segments": (f) => [
    { path: "/segments", body: { name: "Peek", definition: refersTo(f.segmentIdA) }, status: 404 },
    { path: "/segments", body: { workspaceId: f.wsA.id, name: "Planted", definition: everyone }, status: 201 },
  ],
  "POST /segments/preview": (f) => [
    { path: "/segments/preview", body: { definition: refersTo(f.segmentIdA) }, status: 404 },
    { path: "/segments/preview", body: { workspaceId: f.wsA.id, segmentId: f.segmentIdA, definition: everyone }, status: 200 },
  ],
  "GET /segments/{id}": (f) => [{ path: `/segments/${f.segmentIdA}`, status: 404 }],
  "GET /segments/{id}/members": (f) => [{ path: `/segments/${f.segmentIdA}/members?workspaceId=${f.wsA.id}`, status: 404 }],
  "GET /segments/{id}/changes": (f) => [{ path: `/segments/${f.segmentIdA}/changes?workspaceId=${f.wsA.id}`, status: 404 }],
  "GET /segments/{id}/checks": (f) => [{ path: `/segments/${f.segmentIdA}/checks?workspaceId=${f.wsA.id}`, status: 404 }],
  "POST /segments/{id}/checks": (f) => [
    { path: `/segments/${f.segmentIdA}/checks`, body: { workspaceId: f.wsA.id, rule: { kind: "change", maxPercent: 10 } }, status: 404 },
  ],
  "PUT /segments/{id}/checks/{checkId}": (f) => [
    { path: `/segments/${f.segmentIdA}/checks/${f.checkIdA}`, body: { rule: { kind: "change", maxPercent: 10 } }, status: 404 },
  ],
  "DELETE /segments/{id}/checks/{checkId}": (f) => [{ path: `/segments/${f.segmentIdA}/checks/${f.checkIdA}`, status: 404 }],
  "GET /campaigns": (f) => [{ path: `/campaigns?workspaceId=${f.wsA.id}&segmentId=${f.segmentIdA}`, status: 200 }],
  "GET /campaigns/{id}": (f) => [{ path: `/campaigns/${f.campaignIdA}`, status: 404 }],
  "GET /campaigns/{id}/audience": (f) => [{ path: `/campaigns/${f.campaignIdA}/audience`, status: 404 }],
};

describe("cross-workspace access through REST API v1", () => {
  const operations = restOperations.map(operationName).sort();

  it("every REST operation has a tenancy case (a new one can't skip this test)", () => {
    expect(operations).toEqual(Object.keys(restCases).sort());
  });

  it.each(operations)("%s: a key of B reaching into A changes nothing and learns nothing", async (operation) => {
    const f = await fixture();
    const { secret } = await callerFor(database.db, f.ownerB).apiKey.create({ workspaceId: f.wsB.id, name: "B's key", kind: "readWrite" });
    const rest = restClient(database.db);
    const idsOfA = [f.wsA.id, f.customerIdA, f.segmentIdA, f.campaignIdA, f.checkIdA];
    for (const attack of restCases[operation]!(f)) {
      const before = await snapshotOf(database.db, f.wsA.id);
      const response = await rest(operation.split(" ")[0]!, attack.path, { key: secret, body: attack.body });
      expect(response.status, JSON.stringify(attack)).toBe(attack.status);
      for (const id of idsOfA) expect(JSON.stringify(response.body)).not.toContain(id);
      expect(await snapshotOf(database.db, f.wsA.id)).toBe(before);
    }
  });
});
