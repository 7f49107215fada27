// Clustering runs: in the background with progress, results kept with their parameters, clusters
// saved as ordinary segments (rules or a stored label).
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "@facet/db";
import { discovery } from "@facet/domain";
import { callerFor, expectCode, newUser, newWorkspace, openDatabase, testJobs } from "./fixtures";

let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(() => database.close());

/** mall-customers.csv as customers with gender, age, income and spending score. */
async function mall() {
  const owner = await newUser(database.db, "Discoverer");
  const ws = await newWorkspace(database.db, owner, "Mall");
  const jobs = testJobs(database.db);
  const api = callerFor(database.db, owner, { jobs });
  await api.attribute.create({
    workspaceId: ws.id,
    key: "gender",
    label: "Gender",
    type: "enum",
    dimension: "demographic",
    enumValues: ["Female", "Male"],
  });
  for (const [key, label] of [
    ["age", "Age"],
    ["income", "Annual income (k$)"],
    ["spending", "Spending score"],
  ] as const) {
    await api.attribute.create({
      workspaceId: ws.id,
      key,
      label,
      type: "number",
      dimension: key === "spending" ? "behavioral" : "demographic",
    });
  }
  const rows = readFileSync(new URL("../../../fixtures/datasets/mall-customers.csv", import.meta.url), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(","));
  await database.db.execute(sql`insert into customers (workspace_id, id, external_id, traits)
    select ${ws.id}, 'cus_mall' || lpad(t.id, 17, '0'), t.id, jsonb_build_object('gender', t.g, 'age', t.a, 'income', t.i, 'spending', t.s)
    from jsonb_to_recordset(${JSON.stringify(rows.map((c) => ({ id: c[0], g: c[1], a: Number(c[2]), i: Number(c[3]), s: Number(c[4]) })))}::jsonb) as t(id text, g text, a int, i int, s int)`);
  return { ws, api, owner, jobs };
}

describe("clustering", () => {
  it("clusters mall customers on income and spending score into the five published groups, and keeps the run", async () => {
    const { ws, api, owner, jobs } = await mall();
    const scope = {
      db: database.db,
      workspaceId: ws.id,
      actor: { kind: "user" as const, id: owner.id, email: owner.email },
      role: "owner" as const,
      jobs,
    };
    const started = await discovery.startClustering(scope, {
      workspaceId: ws.id,
      attributes: ["income", "spending"],
      kMin: 2,
      kMax: 8,
      seed: 42,
    });
    await jobs.drain();
    const run = await api.discovery.run({ workspaceId: ws.id, runId: started.id });
    expect(run).toMatchObject({
      status: "succeeded",
      kind: "kmeans",
      params: { attributes: ["income", "spending"], kMin: 2, kMax: 8, seed: 42 },
      progressDone: 7 * 8,
      progressTotal: 7 * 8,
    });
    const r = run.result!;
    // The silhouette picks k = 5, the textbook answer.
    expect(r.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.k).toBe(5);
    const inertias = r.scores.map((s) => s.inertia);
    expect(inertias).toEqual([...inertias].sort((a, b) => b - a));
    const centres = r.clusters
      .map((c) => [c.centroid[0]!.mean, c.centroid[1]!.mean, c.size])
      .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    const published = [
      [26.3, 20.91, 23],
      [25.73, 79.36, 22],
      [55.3, 49.52, 81],
      [88.2, 17.11, 35],
      [86.54, 82.13, 39],
    ].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    centres.forEach((c, i) => {
      expect(Math.abs(c[0]! - published[i]![0]!)).toBeLessThan(1);
      expect(Math.abs(c[1]! - published[i]![1]!)).toBeLessThan(1);
      expect(c[2]).toBe(published[i]![2]);
    });
    expect(r.scatter).toHaveLength(200);
    expect(r.axes).toEqual(["Annual income (k$)", "Spending score"]);
    expect((await api.discovery.runs({ workspaceId: ws.id })).map((x) => [x.id, x.k, x.rows])).toEqual([[started.id, 5, 200]]);

    // Repeated with the same parameters, a run finds the same clusters.
    const again = await discovery.startClustering(scope, {
      workspaceId: ws.id,
      ...(run.params as { attributes: string[]; kMin: number; kMax: number; seed: number }),
    });
    await jobs.drain();
    const second = (await api.discovery.run({ workspaceId: ws.id, runId: again.id })).result!;
    expect(second.clusters.map((c) => [c.size, c.centroid[0]!.mean])).toEqual(r.clusters.map((c) => [c.size, c.centroid[0]!.mean]));
    const [same] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from discovery_assignments a join discovery_assignments b on b.workspace_id = a.workspace_id and b.customer_id = a.customer_id and b.run_id = ${again.id}
          where a.workspace_id = ${ws.id} and a.run_id = ${started.id} and a.cluster = b.cluster`,
    );
    expect(same!.n).toBe(200);
  });

  it("saves a cluster as rules (with their agreement) or as a stored label, both ordinary segments", async () => {
    const { ws, api, owner, jobs } = await mall();
    const scope = {
      db: database.db,
      workspaceId: ws.id,
      actor: { kind: "user" as const, id: owner.id, email: owner.email },
      role: "owner" as const,
      jobs,
    };
    const started = await discovery.startClustering(scope, {
      workspaceId: ws.id,
      attributes: ["income", "spending", "gender"],
      kMin: 5,
      kMax: 5,
    });
    await jobs.drain();
    const r = (await api.discovery.run({ workspaceId: ws.id, runId: started.id })).result!;
    expect(r.features.map((f) => f.value ?? f.key)).toEqual(["income", "spending", "Female", "Male"]);
    expect(r.axes).toEqual(["Projection 1", "Projection 2"]);
    const biggest = [...r.clusters].sort((a, b) => b.size - a.size)[0]!;

    const byRules = await api.discovery.saveCluster({
      workspaceId: ws.id,
      runId: started.id,
      cluster: biggest.index,
      name: "Cluster by rules",
      mode: "rules",
    });
    const numbers = biggest.rules.filter((x) => x.type === "attribute" && x.operator === "between");
    expect(numbers.map((x) => (x.type === "attribute" ? x.attribute : ""))).toEqual(["income", "spending"]);
    expect(byRules.definition.root.children).toEqual(biggest.rules);
    // The stated agreement is the real one: members of the rules that are in the cluster.
    const [overlap] = await queryRows<{ both: number }>(
      database.db,
      sql`select count(*)::int as both from segment_members m join discovery_assignments a on a.workspace_id = m.workspace_id and a.customer_id = m.customer_id
          where m.workspace_id = ${ws.id} and m.segment_id = ${byRules.id} and a.run_id = ${started.id} and a.cluster = ${biggest.index}`,
    );
    expect(overlap!.both / byRules.memberCount).toBeCloseTo(biggest.agreement.precision, 10);
    expect(overlap!.both / biggest.size).toBeCloseTo(biggest.agreement.recall, 10);

    const byLabel = await api.discovery.saveCluster({
      workspaceId: ws.id,
      runId: started.id,
      cluster: biggest.index,
      name: "Cluster by label",
      mode: "attribute",
    });
    expect(byLabel.memberCount).toBe(biggest.size);
    const attrs = await api.attribute.list({ workspaceId: ws.id });
    expect(attrs.find((a) => a.key === `cluster_${started.id.slice(-8)}`)).toMatchObject({
      type: "enum",
      enumValues: ["Cluster 1", "Cluster 2", "Cluster 3", "Cluster 4", "Cluster 5"],
    });
  });

  it("explains bad choices and leaves other workspaces' runs alone", async () => {
    const { ws, api, jobs } = await mall();
    await expectCode(api.discovery.startClustering({ workspaceId: ws.id, attributes: ["email"], kMin: 2, kMax: 3 }), "BAD_REQUEST");
    await expectCode(api.discovery.startClustering({ workspaceId: ws.id, attributes: ["nope"], kMin: 2, kMax: 3 }), "BAD_REQUEST");
    await expectCode(api.discovery.startClustering({ workspaceId: ws.id, attributes: ["income"], kMin: 4, kMax: 3 }), "BAD_REQUEST");
    const { id } = await api.discovery.startClustering({ workspaceId: ws.id, attributes: ["income"], kMin: 2, kMax: 2 });
    await jobs.drain();
    expect((await api.discovery.run({ workspaceId: ws.id, runId: id })).status).toBe("succeeded");
    await expectCode(api.discovery.saveCluster({ workspaceId: ws.id, runId: id, cluster: 7, name: "x", mode: "rules" }), "NOT_FOUND");
    // A run whose server stopped (its job silent) is marked failed by the sweep, so nobody waits on it forever.
    const second = await api.discovery.startClustering({ workspaceId: ws.id, attributes: ["income"], kMin: 2, kMax: 2 });
    await database.db.execute(
      sql`update jobs set status = 'running', attempts = 1, runner_id = 'a-stopped-server', heartbeat_at = now() - interval '1 hour' where kind = 'discovery.clustering' and key = ${second.id}`,
    );
    await database.db.execute(sql`update discovery_runs set status = 'running' where workspace_id = ${ws.id} and id = ${second.id}`);
    expect(await jobs.recoverInterrupted()).toBeGreaterThanOrEqual(1);
    expect(await api.discovery.run({ workspaceId: ws.id, runId: second.id })).toMatchObject({
      status: "failed",
      error: "The server stopped during this run. Run it again.",
    });
  });
});
