import { and, desc, eq, sql } from "drizzle-orm";
import { attributes, customers, discoveryRuns, newId, queryRows, type Db } from "@facet/db";
import { saveClusterInput, startClusteringInput, type Rule, type StartClusteringInput } from "@facet/validators";
import { attributeSql, listAttributes, type Attribute } from "../attribute";
import { recordAudit } from "../audit";
import { invalid, notFound, preconditionFailed } from "../errors";
import { profileAttribute, standouts, type Standout } from "../persona/stats";
import { actingUserId, requireRole, type WorkspaceScope } from "../scope";
import { createSegment } from "../segment";
import { flatten, standardize } from "./kmeans";
import { clusterInWorker } from "./worker";
import { quantile } from "../shared/quantile";

/** At most this many customers are clustered (the newest); the result says when there were more. */
export const MAX_ROWS = 200_000;
const SCATTER_POINTS = 1500;

/** A column of the clustering matrix: a number attribute, or one value of an enum (0/1). */
interface Feature {
  key: string;
  label: string;
  value: string | null;
}

export interface ClusterSummary {
  index: number;
  size: number;
  share: number;
  /** Centroid in original units: numbers as means, enum values as the share of members with it. */
  centroid: { key: string; label: string; value: string | null; mean: number; overall: number }[];
  preview: Standout[];
  /** Rules that approximate the cluster, and how well they agree with it. */
  rules: Rule[];
  agreement: { precision: number; recall: number };
}

export interface ClusteringResult {
  rows: number;
  skipped: number;
  truncated: boolean;
  features: Feature[];
  scores: { k: number; inertia: number; silhouette: number }[];
  k: number;
  clusters: ClusterSummary[];
  /** Up to 1,500 members: the first two features (or a projection on the first two principal directions). */
  scatter: { x: number; y: number; cluster: number }[];
  axes: [string, string];
  computeMs: number;
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100);

/** Two projection axes for the scatter: the two features when there are two numbers, else power iteration on the covariance. */
function project(data: number[][]): { points: [number, number][]; axes: [string, string] | null } {
  const dims = data[0]?.length ?? 0;
  if (dims <= 2) return { points: data.map((r) => [r[0] ?? 0, r[1] ?? 0]), axes: null };
  const cov = Array.from({ length: dims }, (_, i) =>
    Array.from({ length: dims }, (__, j) => data.reduce((s, r) => s + r[i]! * r[j]!, 0) / data.length),
  );
  const power = (m: number[][], start: number[]) => {
    let v = start;
    for (let it = 0; it < 100; it++) {
      const w = m.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
      const norm = Math.hypot(...w) || 1;
      v = w.map((x) => x / norm);
    }
    return v;
  };
  const v1 = power(
    cov,
    Array.from({ length: dims }, (_, i) => 1 / (i + 1)),
  );
  const l1 = v1.reduce((s, x, i) => s + x * cov[i]!.reduce((t, y, j) => t + y * v1[j]!, 0), 0);
  const deflated = cov.map((row, i) => row.map((x, j) => x - l1 * v1[i]! * v1[j]!));
  const v2 = power(
    deflated,
    Array.from({ length: dims }, (_, i) => (i % 2 ? 1 : -1) / (i + 1)),
  );
  return {
    points: data.map((r) => [r.reduce((s, x, i) => s + x * v1[i]!, 0), r.reduce((s, x, i) => s + x * v2[i]!, 0)]),
    axes: ["Projection 1", "Projection 2"],
  };
}

/** Starts a k-means run in the background; returns its id at once (and, for tests, when it is done). */
export async function startClustering(scope: WorkspaceScope, raw: StartClusteringInput) {
  requireRole(scope, "editor");
  const input = startClusteringInput.parse(raw);
  const attrs = await listAttributes(scope);
  const chosen = input.attributes.map((key) => {
    const a = attrs.find((x) => x.key === key);
    if (!a) throw invalid(`There is no attribute "${key}".`, "attributes");
    if (a.type !== "number" && a.type !== "enum")
      throw invalid(
        `${a.label} is ${a.type === "list" ? "a list" : `a ${a.type}`}: choose numbers or one-of-a-list attributes.`,
        "attributes",
      );
    return a;
  });
  const id = newId("run");
  const params = { attributes: input.attributes, kMin: input.kMin, kMax: input.kMax, seed: input.seed, restarts: input.restarts };
  await scope.db.insert(discoveryRuns).values({
    workspaceId: scope.workspaceId,
    id,
    kind: "kmeans",
    params,
    createdBy: actingUserId(scope.actor),
  });
  await recordAudit(scope.db, scope, { action: "discovery.clustering_started", targetType: "discovery_run", targetId: id, data: params });
  if (chosen.length === 0) throw invalid("Choose at least one attribute.", "attributes");
  if (!scope.jobs) throw new Error("Clustering runs as a job: the scope has no job system.");
  const job = await scope.jobs.enqueue("discovery.clustering", { runId: id }, { key: id, workspaceId: scope.workspaceId });
  return { id, jobId: job.id };
}

/** The clustering job: reads the run's parameters, clusters, stores the result on the run. */
export async function runClusteringJob(db: Db, workspaceId: string, runId: string, signal?: AbortSignal) {
  const [run] = await db
    .select({ params: discoveryRuns.params })
    .from(discoveryRuns)
    .where(and(eq(discoveryRuns.workspaceId, workspaceId), eq(discoveryRuns.id, runId)));
  if (!run) throw notFound("discovery run");
  const params = run.params as { attributes: string[]; kMin: number; kMax: number; seed: number; restarts: number };
  const attrs = await listAttributes({ db, workspaceId });
  const chosen = params.attributes.map((key) => {
    const a = attrs.find((x) => x.key === key);
    if (!a) throw invalid(`There is no attribute "${key}" any more.`, "attributes");
    return a;
  });
  await runClustering(db, workspaceId, runId, chosen, params, signal);
  return { runId };
}

/** A run whose job failed for good says why. */
export async function markRunFailed(db: Db, workspaceId: string, runId: string, error: string) {
  await db
    .update(discoveryRuns)
    .set({ status: "failed", error, finishedAt: new Date() })
    .where(and(eq(discoveryRuns.workspaceId, workspaceId), eq(discoveryRuns.id, runId), sql`${discoveryRuns.status} <> 'succeeded'`));
}

async function runClustering(
  db: Db,
  workspaceId: string,
  runId: string,
  chosen: Attribute[],
  params: { kMin: number; kMax: number; seed: number; restarts: number },
  signal?: AbortSignal,
) {
  const where = and(eq(discoveryRuns.workspaceId, workspaceId), eq(discoveryRuns.id, runId));
  await db.update(discoveryRuns).set({ status: "running" }).where(where);
  // Customers with a value for every chosen attribute, newest first, at most MAX_ROWS.
  const cols = chosen.map(
    (a, i) => sql`${attributeSql(a)}${a.type === "number" ? sql`::float8` : sql`::text`} as ${sql.identifier(`a${i}`)}`,
  );
  const present = chosen.map((a) => sql`${attributeSql(a)} is not null`);
  const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from customers where ${customers.workspaceId} = ${workspaceId}`,
  );
  const rows = await queryRows<Record<string, unknown> & { id: string }>(
    db,
    sql`select ${customers.id} as id, ${sql.join(cols, sql`, `)} from customers where ${customers.workspaceId} = ${workspaceId} and ${sql.join(present, sql` and `)}
        order by ${customers.createdAt} desc, ${customers.id} desc limit ${MAX_ROWS + 1}`,
  );
  const truncated = rows.length > MAX_ROWS;
  const used = rows.slice(0, MAX_ROWS);
  if (used.length < params.kMax)
    throw preconditionFailed(`Only ${used.length} customers have all of these attributes: too few for ${params.kMax} clusters.`);
  const features: Feature[] = chosen.flatMap((a, i): Feature[] =>
    a.type === "number"
      ? [{ key: a.key, label: a.label, value: null }]
      : [...new Set(used.map((r) => String(r[`a${i}`])))].sort().map((v) => ({ key: a.key, label: a.label, value: v })),
  );
  const raw = used.map((r) =>
    features.map((f) => {
      const i = chosen.findIndex((a) => a.key === f.key);
      return f.value === null ? Number(r[`a${i}`]) : String(r[`a${i}`]) === f.value ? 1 : 0;
    }),
  );
  const { data } = standardize(raw);
  const ks = Array.from({ length: params.kMax - params.kMin + 1 }, (_, i) => params.kMin + i);
  let last = 0;
  let written: Promise<unknown> = Promise.resolve();
  const started = performance.now();
  const solutions = await clusterInWorker(
    { ...flatten(data), ks, restarts: params.restarts, seed: params.seed, maxIterations: 300, silhouetteSample: 2000 },
    (doneSteps, totalSteps) => {
      // Progress at most four times a second, each write after the one before.
      if (Date.now() - last > 250 || doneSteps === totalSteps) {
        last = Date.now();
        written = written
          .then(() => db.update(discoveryRuns).set({ progressDone: doneSteps, progressTotal: totalSteps }).where(where))
          .catch(() => {});
      }
    },
    signal,
  );
  await written;
  const computeMs = Math.round(performance.now() - started);
  // For a range, the k with the best silhouette.
  const best = solutions.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  const labels = best.labels;
  const overallMean = features.map((_, d) => raw.reduce((s, r) => s + r[d]!, 0) / raw.length);
  const values = used.map((r) =>
    Object.fromEntries(chosen.map((a, i) => [a.key, a.type === "number" ? Number(r[`a${i}`]) : String(r[`a${i}`])])),
  );
  const clusters: ClusterSummary[] = best.centroids.map((_, c) => {
    const members = raw.filter((__, i) => labels[i] === c);
    const memberValues = values.filter((__, i) => labels[i] === c);
    const centroid = features.map((f, d) => ({
      key: f.key,
      label: f.label,
      value: f.value,
      mean: round(members.reduce((s, r) => s + r[d]!, 0) / (members.length || 1)),
      overall: round(overallMean[d]!),
    }));
    // Rules: the middle 80% of each number; an enum's values held by at least a fifth of the members.
    const rules: Rule[] = chosen.flatMap((a): Rule[] => {
      if (a.type === "number") {
        const sorted = members.map((r) => r[features.findIndex((f) => f.key === a.key)]!).sort((x, y) => x - y);
        return [
          { type: "attribute", attribute: a.key, operator: "between", value: [round(quantile(sorted, 0.1)), round(quantile(sorted, 0.9))] },
        ];
      }
      const common = features
        .filter((f) => f.key === a.key && f.value !== null)
        .filter((f) => memberValues.filter((v) => v[a.key] === f.value).length >= memberValues.length / 5)
        .map((f) => f.value!);
      return common.length ? [{ type: "attribute", attribute: a.key, operator: "in", value: common }] : [];
    });
    const matches = (v: Record<string, unknown>) =>
      rules.every((r) => {
        if (r.type !== "attribute") return true;
        const x = v[r.attribute];
        return r.operator === "between"
          ? (x as number) >= (r.value as number[])[0]! && (x as number) <= (r.value as number[])[1]!
          : (r.value as string[]).includes(String(x));
      });
    const selected = values.map((v, i) => ({ hit: matches(v), member: labels[i] === c }));
    const tp = selected.filter((s) => s.hit && s.member).length;
    const hits = selected.filter((s) => s.hit).length;
    const preview = standouts(
      chosen.map((a) => profileAttribute({ key: a.key, label: a.label, type: a.type, dimension: a.dimension }, memberValues, values)),
      4,
    );
    return {
      index: c,
      size: members.length,
      share: members.length / used.length,
      centroid,
      preview,
      rules,
      agreement: { precision: hits ? tp / hits : 0, recall: members.length ? tp / members.length : 0 },
    };
  });
  const proj = project(features.filter((f) => f.value === null).length >= 2 && features.length === 2 ? raw : data);
  const step = Math.max(1, Math.floor(used.length / SCATTER_POINTS));
  const scatter = proj.points
    .filter((_, i) => i % step === 0)
    .slice(0, SCATTER_POINTS)
    .map(([x, y], j) => ({ x: round(x), y: round(y), cluster: labels[j * step]! }));
  const result: ClusteringResult = {
    rows: used.length,
    skipped: total - rows.length + (truncated ? 1 : 0),
    truncated,
    features,
    scores: solutions.map((s) => ({ k: s.k, inertia: round(s.inertia), silhouette: Math.round(s.silhouette * 1000) / 1000 })),
    k: best.k,
    clusters,
    scatter,
    axes: proj.axes ?? [features[0]!.label, features[1]?.label ?? ""],
    computeMs,
  };
  await db.transaction(async (tx) => {
    for (let i = 0; i < used.length; i += 5000) {
      const slice = used.slice(i, i + 5000);
      await tx.execute(sql`insert into discovery_assignments (workspace_id, run_id, customer_id, cluster)
        select ${workspaceId}, ${runId}, id, cluster from jsonb_to_recordset(${JSON.stringify(slice.map((r, j) => ({ id: r.id, cluster: labels[i + j] })))}::jsonb) as t(id text, cluster smallint)`);
    }
    await tx.update(discoveryRuns).set({ status: "succeeded", result, finishedAt: new Date() }).where(where);
  });
}

export async function listRuns(scope: WorkspaceScope) {
  return scope.db
    .select({
      id: discoveryRuns.id,
      kind: discoveryRuns.kind,
      params: discoveryRuns.params,
      status: discoveryRuns.status,
      createdAt: discoveryRuns.createdAt,
      finishedAt: discoveryRuns.finishedAt,
      // Enough to compare runs in the list without loading their results.
      k: sql<number | null>`(${discoveryRuns.result} ->> 'k')::int`,
      silhouette: sql<
        number | null
      >`(select (s ->> 'silhouette')::float8 from jsonb_array_elements(${discoveryRuns.result} -> 'scores') s where (s ->> 'k')::int = (${discoveryRuns.result} ->> 'k')::int)`,
      rows: sql<number | null>`(${discoveryRuns.result} ->> 'rows')::int`,
    })
    .from(discoveryRuns)
    .where(eq(discoveryRuns.workspaceId, scope.workspaceId))
    .orderBy(desc(discoveryRuns.createdAt))
    .limit(50);
}

export async function runById(scope: WorkspaceScope, runId: string) {
  const [row] = await scope.db
    .select()
    .from(discoveryRuns)
    .where(and(eq(discoveryRuns.workspaceId, scope.workspaceId), eq(discoveryRuns.id, runId)));
  if (!row) throw notFound("run");
  return { ...row, result: row.result as ClusteringResult | null };
}

/**
 * Saves a cluster as an ordinary segment: as rules approximating it (editable like any other), or as
 * a stored label (an enum attribute "cluster_<run>" set on the members) and a segment on that label.
 */
export async function saveCluster(scope: WorkspaceScope, raw: Parameters<typeof saveClusterInput.parse>[0]) {
  requireRole(scope, "editor");
  const input = saveClusterInput.parse(raw);
  const run = await runById(scope, input.runId);
  const cluster = run.result?.clusters[input.cluster];
  if (run.status !== "succeeded" || !cluster) throw notFound("cluster");
  const definition = (children: Rule[]) => ({
    version: 1 as const,
    root: { type: "group" as const, combinator: "and" as const, negate: false, children },
  });
  if (input.mode === "rules") {
    return createSegment(scope, {
      workspaceId: scope.workspaceId,
      name: input.name,
      description: `Approximates cluster ${input.cluster + 1} of a k-means run (${Math.round(cluster.agreement.precision * 100)}% precision, ${Math.round(cluster.agreement.recall * 100)}% recall).`,
      tags: ["discovered"],
      definition: definition(cluster.rules),
    });
  }
  const key = `cluster_${input.runId.slice(-8)}`;
  const labels = run.result!.clusters.map((c) => `Cluster ${c.index + 1}`);
  await scope.db.transaction(async (tx) => {
    await tx
      .insert(attributes)
      .values({
        workspaceId: scope.workspaceId,
        id: newId("attr"),
        key,
        label: `Cluster (run ${input.runId.slice(-8)})`,
        type: "enum",
        dimension: "behavioral",
        description: "Set by a k-means run in Discover.",
        enumValues: labels,
      })
      .onConflictDoNothing();
    await tx.execute(sql`update customers c set traits = c.traits || jsonb_build_object(${key}::text, 'Cluster ' || (a.cluster + 1))
      from discovery_assignments a
      where a.workspace_id = ${scope.workspaceId} and a.run_id = ${input.runId} and c.workspace_id = a.workspace_id and c.id = a.customer_id`);
    await recordAudit(tx, scope, {
      action: "discovery.cluster_labels_stored",
      targetType: "discovery_run",
      targetId: input.runId,
      data: { key },
    });
  });
  return createSegment(scope, {
    workspaceId: scope.workspaceId,
    name: input.name,
    description: `Members of cluster ${input.cluster + 1} of a k-means run, as stored in ${key}.`,
    tags: ["discovered"],
    definition: definition([{ type: "attribute", attribute: key, operator: "in", value: [labels[input.cluster]!] }]),
  });
}
