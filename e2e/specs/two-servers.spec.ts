import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { createWorkspace, newEmail, signUp } from "./helpers";

// Issue 14: several app processes on one PostgreSQL share the work safely. This spec starts two more
// production servers (apps/web/server.mjs, as `pnpm start` runs it) on a database of their own, so no
// other server takes their jobs, and has them refresh segments and deliver a campaign in several batches
// to a receiver on 127.0.0.1 that records every request. Runs in the PostgreSQL project only (pg-boss).
//
// The guarantee it proves: a batch whose acknowledgement was recorded is never sent again; a batch is sent
// a second time only when its first send was never acknowledged (here: in flight when its server died), and
// then with the same x-facet-delivery, x-facet-batch and members, so a receiver can de-duplicate. Each job
// runs once, unless its server dies: then another server retries it (a new attempt) and finishes it, or, for
// an import (one transaction), fails it with "Nothing was imported; run it again".

const pgUrl = process.env.E2E_PG_URL ?? "";
const secret = "e2e-secret-not-for-production-0123456789abcdef";
const repo = join(import.meta.dirname, "..", "..");
const customers = 1250; // 500 a batch: 3 batches
const staleSeconds = 15; // the shortest JOB_STALE_SECONDS allowed (three heartbeats)

/** The same PostgreSQL server, a database of this spec's own. */
function ownDatabase() {
  const url = new URL(pgUrl);
  const name = `${url.pathname.slice(1)}_two_servers`;
  const own = new URL(pgUrl);
  own.pathname = `/${name}`;
  return { name, url: own.toString() };
}

async function freePort() {
  const probe = createTcpServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface AppServer {
  name: string;
  origin: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<unknown>;
}

/** Every server this spec started: stopped after the test, even one that timed out, and killed if the runner exits. */
const servers: AppServer[] = [];
test.afterAll(() => Promise.all(servers.map(stopServer)));
process.on("exit", () => servers.forEach((s) => s.child.kill("SIGKILL")));

async function startServer(name: string, databaseUrl: string): Promise<AppServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: join(repo, "apps", "web"),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      PGLITE_DIR: "",
      AUTH_SECRET: secret,
      TRUSTED_PROXIES: "127.0.0.1, ::1",
      LOG_LEVEL: "warn",
      JOB_STALE_SECONDS: String(staleSeconds),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  const server = { name, origin: `http://127.0.0.1:${port}`, child, output, exited: once(child, "exit") };
  servers.push(server);
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited: ${output.join("")}`);
        return fetch(`${server.origin}/sign-in`).then(
          (r) => r.status,
          () => 0,
        );
      },
      { timeout: 120_000, intervals: [250] },
    )
    .toBe(200);
  return server;
}

async function stopServer(s: AppServer) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill("SIGTERM");
  const stopped = await Promise.race([s.exited.then(() => true), new Promise((r) => setTimeout(r, 15_000, false))]);
  if (!stopped) s.child.kill("SIGKILL");
}

/** One request as the receiver saw it. */
interface Arrival {
  delivery: string;
  batch: number;
  customerIds: string[];
  signed: boolean;
  /** The receiver answered 200 (the sender may record the batch as acknowledged). */
  acknowledged: boolean;
  /** The sender's connection closed before the receiver answered. */
  dropped: boolean;
}

/** A webhook receiver on 127.0.0.1 that records every batch and can hold one unanswered. */
async function startReceiver() {
  const arrivals: Arrival[] = [];
  const state = { secret: "", holdBatch: 0, held: null as Arrival | null };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const parsed = JSON.parse(body) as { delivery_id: string; batch: number; members: { customer_id: string }[] };
      const timestamp = String(req.headers["x-facet-timestamp"]);
      const expected = `v1=${createHmac("sha256", state.secret).update(`${timestamp}.${body}`).digest("hex")}`;
      const arrival: Arrival = {
        delivery: String(req.headers["x-facet-delivery"]),
        batch: Number(req.headers["x-facet-batch"]),
        customerIds: parsed.members.map((m) => m.customer_id),
        signed: req.headers["x-facet-signature"] === expected && parsed.delivery_id === req.headers["x-facet-delivery"],
        acknowledged: false,
        dropped: false,
      };
      arrivals.push(arrival);
      res.on("close", () => {
        if (!res.writableFinished) arrival.dropped = true;
      });
      if (state.holdBatch === arrival.batch && !state.held) {
        state.held = arrival; // no answer: the batch is in flight until the test decides
        return;
      }
      res.on("finish", () => (arrival.acknowledged = true));
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/facet`,
    arrivals,
    state,
    of: (delivery: string) => arrivals.filter((a) => a.delivery === delivery),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A tRPC call from the signed-in page to one of the servers (the session cookie is valid on both). */
async function call<T = Record<string, unknown>>(page: Page, server: AppServer, path: string, input: Record<string, unknown>) {
  const response = await page.request.post(`${server.origin}/api/trpc/${path}`, {
    headers: { origin: server.origin, "content-type": "application/json" },
    data: { json: input },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

const count = (values: number[]) => values.reduce<Record<number, number>>((m, v) => ({ ...m, [v]: (m[v] ?? 0) + 1 }), {});
const pidOf = (runnerId: string) => Number(/-(\d+)-[0-9a-f]{8}$/.exec(runnerId)?.[1]);

test("two servers on one database share the work: each job runs once, each batch is acknowledged once, and a killed server's jobs are retried or failed cleanly", async ({
  page,
}) => {
  test.setTimeout(360_000);
  const database = ownDatabase();
  const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${database.name}" with (force)`);
  await admin.unsafe(`create database "${database.name}"`);
  await admin.end();
  execFileSync("pnpm", ["--filter", "@facet/db", "migrate"], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: database.url },
    stdio: "pipe",
  });
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const receiver = await startReceiver();
  try {
    const [a, b] = await Promise.all([startServer("A", database.url), startServer("B", database.url)]);

    // A workspace with customers, two segments and a webhook destination on 127.0.0.1.
    await signUp(page, "Dana Duo", newEmail("duo"), `${a.origin}/sign-up`);
    const slug = await createWorkspace(page, `Two servers ${Date.now().toString(36)}`);
    const input = encodeURIComponent(JSON.stringify({ json: { slug } }));
    const workspace = await page.request.get(`${a.origin}/api/trpc/workspace.bySlug?input=${input}`);
    const workspaceId = ((await workspace.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
    await sql`insert into customers (workspace_id, id, email, name)
              select ${workspaceId}, 'cus_duo' || lpad(g::text, 6, '0'), 'buyer' || g || '@example.com', 'Buyer ' || g
              from generate_series(1, ${customers}) g`;
    const rule = (operator: string, value: string) => ({
      version: 1,
      root: { type: "group", combinator: "and", negate: false, children: [{ type: "attribute", attribute: "email", operator, value }] },
    });
    const everyone = await call<{ id: string }>(page, a, "segment.create", {
      workspaceId,
      name: "Everyone",
      schedule: "manual",
      definition: rule("contains", "@example.com"),
    });
    const some = await call<{ id: string }>(page, b, "segment.create", {
      workspaceId,
      name: "Buyers 1…",
      schedule: "manual",
      definition: rule("starts_with", "buyer1"),
    });
    await call(page, a, "destination.setAllowPrivate", { workspaceId, allow: true });
    const destination = await call<{ id: string; secret: string }>(page, a, "destination.create", {
      workspaceId,
      name: "Receiver",
      url: receiver.url,
    });
    receiver.state.secret = destination.secret;

    await test.step("refreshes asked of both servers at once each run once", async () => {
      const refreshes = await Promise.all(
        [everyone.id, some.id].flatMap((segmentId) =>
          [a, b].map((s) => call<{ status: string }>(page, s, "segment.refresh", { workspaceId, segmentId })),
        ),
      );
      expect(refreshes.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
      const jobs = await sql<{ status: string; attempts: number }[]>`
        select status, attempts from jobs where workspace_id = ${workspaceId} and kind = 'segment.refresh'`;
      // A refresh asked while the same segment's is live joins it: 2 to 4 jobs, each run exactly once.
      expect(jobs.length).toBeGreaterThanOrEqual(2);
      expect(jobs.length).toBeLessThanOrEqual(4);
      for (const job of jobs) expect(job).toEqual({ status: "succeeded", attempts: 1 });
    });

    // Due now: the every-minute schedule (once across both servers) queues its refresh through pg-boss; checked at the end.
    await sql`update segments set schedule = 'hourly', refreshed_at = now() - interval '2 hours' where id = ${some.id}`;

    const campaign = await call<{ id: string }>(page, a, "campaign.create", {
      workspaceId,
      name: "Spring",
      include: [everyone.id],
      variants: [{ segmentId: null, subject: "Hello {{first_name|there}}" }],
    });
    await call(page, b, "campaign.launch", { workspaceId, campaignId: campaign.id });
    const deliveryJob = async (deliveryId: string) => {
      const [job] = await sql<{ id: string; status: string; attempts: number; runner_id: string | null }[]>`
        select id, status, attempts, runner_id from jobs where kind = 'campaign.deliver' and key = ${deliveryId}`;
      return job!;
    };
    const deliveryRow = async (deliveryId: string) => {
      const [row] = await sql<{ status: string; batches_done: number; batches_total: number }[]>`
        select status, batches_done, batches_total from deliveries where id = ${deliveryId}`;
      return row!;
    };
    const bossRuns = (jobId: string) => sql<{ state: string; n: number }[]>`
      select state::text, count(*)::int as n from pgboss.job
      where name = 'campaign.deliver' and data->>'jobId' = ${jobId} group by state order by state`;
    const audience = Array.from({ length: customers }, (_, i) => `cus_duo${String(i + 1).padStart(6, "0")}`);

    await test.step("a delivery of three batches sends each batch once", async () => {
      const { id } = await call<{ id: string }>(page, a, "campaign.deliver", {
        workspaceId,
        campaignId: campaign.id,
        destinationId: destination.id,
      });
      await expect.poll(async () => (await deliveryRow(id)).status, { timeout: 60_000 }).toBe("succeeded");
      const arrivals = receiver.of(id);
      expect(count(arrivals.map((x) => x.batch))).toEqual({ 1: 1, 2: 1, 3: 1 });
      expect(arrivals.every((x) => x.signed && x.acknowledged && !x.dropped)).toBe(true);
      expect(arrivals.flatMap((x) => x.customerIds).sort()).toEqual(audience);
      expect(await deliveryRow(id)).toEqual({ status: "succeeded", batches_done: 3, batches_total: 3 });
      const job = await deliveryJob(id);
      expect(job).toMatchObject({ status: "succeeded", attempts: 1 });
      expect(await bossRuns(job.id)).toEqual([{ state: "completed", n: 1 }]);
    });

    await test.step("an import running when its server is killed fails with 'nothing was imported', and runs again", async () => {
      const rows = 2000;
      const csv = ["email,name", ...Array.from({ length: rows }, (_, i) => `late${i}@example.org,Late ${i}`)].join("\n");
      const uploaded = await page.request.post(`${a.origin}/api/w/${workspaceId}/imports?fileName=late.csv&kind=customers`, {
        headers: { origin: a.origin, "content-type": "text/csv" },
        data: Buffer.from(csv),
      });
      expect(uploaded.status(), await uploaded.text()).toBe(201);
      const { jobId } = (await uploaded.json()) as { jobId: string };
      // Asked of whichever server is up (one of them is killed below).
      const importView = () =>
        page.request
          .get(
            `${servers[0]!.origin}/api/trpc/importJob.byId?input=${encodeURIComponent(JSON.stringify({ json: { workspaceId, jobId } }))}`,
          )
          .then(
            async (r) =>
              ((await r.json()) as { result: { data: { json: { status: string; error: string | null; proposal: unknown } } } }).result.data
                .json,
          );
      const settings = {
        kind: "customers",
        delimiter: ",",
        encoding: "utf-8",
        hasHeader: true,
        columns: (await importView()).proposal,
        matchKey: "email",
        mode: "upsert",
      };
      await call(page, a, "importJob.dryRun", { workspaceId, jobId, settings });
      await expect.poll(async () => (await importView()).status, { timeout: 60_000 }).toBe("checked");
      const imported = async () =>
        (await sql<{ n: number }[]>`select count(*)::int as n from customers where workspace_id = ${workspaceId}`)[0]!.n;

      // Mid-import is a state: the test holds a lock that lets the import read customers but not write them,
      // so the import's transaction is open and waiting when its server dies.
      const holder = await sql.reserve();
      await holder`begin`;
      await holder`lock table customers in share mode`;
      try {
        await call(page, b, "importJob.run", { workspaceId, jobId });
        // The import's connection waits for the table lock the test holds (nothing else writes customers here).
        const waiting = async () =>
          (await sql<{ n: number }[]>`select count(*)::int as n from pg_locks where relation = 'customers'::regclass and not granted`)[0]!
            .n;
        await expect.poll(waiting, { timeout: 60_000 }).toBe(1);
        const [running] = await sql<{ status: string; runner_id: string }[]>`
          select status, runner_id from jobs where kind = 'import.run' and key = ${jobId} order by created_at desc limit 1`;
        expect(running!.status).toBe("running");
        // The job names the process running it: one of the two servers.
        expect(servers.map((s) => s.child.pid)).toContain(pidOf(running!.runner_id));
        const victim = servers.find((s) => s.child.pid === pidOf(running!.runner_id));
        victim!.child.kill("SIGKILL");
        await victim!.exited;
        // A restart: a new server takes the killed one's place.
        servers.splice(servers.indexOf(victim!), 1);
        await startServer(`${victim!.name}'`, database.url);
      } finally {
        await holder`rollback`;
        holder.release();
      }
      await expect
        .poll(async () => importView(), { timeout: 90_000, intervals: [500] })
        .toMatchObject({ status: "failed", error: "The server stopped while this was running. Nothing was imported; run it again." });
      expect(await imported()).toBe(customers);

      await call(page, servers[0]!, "importJob.run", { workspaceId, jobId });
      await expect.poll(async () => (await importView()).status, { timeout: 60_000 }).toBe("succeeded");
      expect(await imported()).toBe(customers + rows);
    });

    await test.step("killing the server mid-batch leaves the delivery to the other, which finishes it", async () => {
      const b = servers[1]!;
      receiver.state.holdBatch = 2;
      const { id } = await call<{ id: string }>(page, b, "campaign.deliver", {
        workspaceId,
        campaignId: campaign.id,
        destinationId: destination.id,
      });
      // Mid-job is a state: batch 1 acknowledged, batch 2 at the receiver, unanswered.
      await expect.poll(() => receiver.state.held?.delivery, { timeout: 60_000 }).toBe(id);
      const running = await deliveryJob(id);
      expect(running).toMatchObject({ status: "running", attempts: 1 });
      // The job names the process running it: one of the two servers.
      expect(servers.map((s) => s.child.pid)).toContain(pidOf(running.runner_id!));
      const victim = servers.find((s) => s.child.pid === pidOf(running.runner_id!));
      const survivor = servers.find((s) => s !== victim)!;
      victim!.child.kill("SIGKILL");
      await victim!.exited;
      await expect.poll(() => receiver.state.held!.dropped, { timeout: 10_000 }).toBe(true);

      // The survivor's sweep sees the silent heartbeat after JOB_STALE_SECONDS and retries the job after
      // the delivery's backoff (30 s); the new attempt resumes after the last acknowledged batch.
      await expect.poll(async () => (await deliveryRow(id)).status, { timeout: 150_000, intervals: [500] }).toBe("succeeded");
      const arrivals = receiver.of(id);
      const acknowledged = arrivals.filter((x) => x.acknowledged);
      expect(count(acknowledged.map((x) => x.batch))).toEqual({ 1: 1, 2: 1, 3: 1 });
      // Sent twice: only batch 2, whose first send was never answered, with the same content.
      expect(count(arrivals.map((x) => x.batch))).toEqual({ 1: 1, 2: 2, 3: 1 });
      const [first, again] = arrivals.filter((x) => x.batch === 2);
      expect(first).toMatchObject({ acknowledged: false, dropped: true });
      expect(again!.customerIds).toEqual(first!.customerIds);
      expect(arrivals.every((x) => x.signed)).toBe(true);
      expect(acknowledged.flatMap((x) => x.customerIds).sort()).toEqual(audience);
      expect(await deliveryRow(id)).toEqual({ status: "succeeded", batches_done: 3, batches_total: 3 });
      const job = await deliveryJob(id);
      expect(job).toMatchObject({ status: "succeeded", attempts: 2 });
      expect(pidOf(job.runner_id!)).toBe(survivor.child.pid);
      expect((await bossRuns(job.id)).find((r) => r.state === "completed")).toEqual({ state: "completed", n: 1 });
    });

    await test.step("a due segment is refreshed once, by a queued job", async () => {
      const scheduled = () => sql<{ status: string }[]>`
        select status from jobs where kind = 'segment.refresh' and key = ${some.id} and payload->>'reason' = 'schedule'`;
      await expect.poll(async () => (await scheduled()).map((j) => j.status), { timeout: 90_000, intervals: [500] }).toEqual(["succeeded"]);
      const [segment] = await sql<
        { fresh: boolean }[]
      >`select refreshed_at > now() - interval '5 minutes' as fresh from segments where id = ${some.id}`;
      expect(segment!.fresh).toBe(true);
    });

    // Schedules (the sweep, due refreshes) fire once a minute across both servers, not once per server.
    const twice = await sql`
      select kind, date_trunc('minute', created_at) as minute, count(*)::int as n from jobs
      where kind in ('system.sweep', 'segment.refreshDue') group by 1, 2 having count(*) > 1`;
    expect(twice).toEqual([]);
  } catch (error) {
    for (const s of servers) console.log(`--- server ${s.name} output ---\n${s.output.join("").slice(-4000)}`);
    throw error;
  } finally {
    await Promise.all(servers.map(stopServer));
    await receiver.close();
    await sql.end();
  }
});
