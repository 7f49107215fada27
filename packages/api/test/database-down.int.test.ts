// When PostgreSQL goes away, the app answers 503 with Retry-After at once (ingest clients retry), and
// comes back on its own when the server does. The app talks to its own throwaway server through a
// TCP proxy on 127.0.0.1, so the test can shut the server down (as an admin does) or make it
// unreachable (connections dropped, new ones never answered). Whatever database the rest of the int
// suite uses, this needs a server: PGlite runs inside the process and can't go away.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECT_TIMEOUT_SECONDS, createDatabase, type Database, type Db } from "@facet/db";
import { migrateDatabase } from "@facet/db/migrator";
import { apiKey, ingest, type SessionUser } from "@facet/domain";
import { appRouter, httpError, trpcResponseMeta } from "../src";
import { callerFor, contextFor, newUser, newWorkspace } from "./fixtures";
import { startPostgres, type PostgresServer } from "./postgres-server";
import { restClient } from "./rest";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

let server: PostgresServer;
let proxy: TcpProxy;
let app: Database;
let owner: SessionUser;
let workspaceId: string;
let readKey: string;
let writeKey: string;

beforeAll(async () => {
  server = await startPostgres();
  const admin = createDatabase({ url: server.url("postgres") });
  await admin.db.execute(sql`create database facet`);
  await admin.close();
  const direct = createDatabase({ url: server.url("facet") });
  await migrateDatabase(direct);
  owner = await newUser(direct.db, "Outage");
  const ws = await newWorkspace(direct.db, owner, "Outage");
  workspaceId = ws.id;
  const api = callerFor(direct.db, owner);
  readKey = (await api.apiKey.create({ workspaceId, name: "Backend", kind: "readWrite" })).secret;
  writeKey = (await api.apiKey.create({ workspaceId, name: "Tracking", kind: "write" })).secret;
  await direct.close();
  proxy = await startTcpProxy({ host: "127.0.0.1", port: server.port });
  app = createDatabase({ url: `postgres://postgres@127.0.0.1:${proxy.port}/facet` });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await proxy?.close();
  await server?.destroy();
});

interface Answer {
  via: string;
  status: number;
  retryAfter: string | null;
  ms: number;
}

const timed = async (via: string, call: () => Promise<{ status: number; retryAfter: string | null }>): Promise<Answer> => {
  const started = performance.now();
  const { status, retryAfter } = await call();
  return { via, status, retryAfter, ms: performance.now() - started };
};

/** The app's own tRPC endpoint: a signed-in member lists the workspace's segments. */
const viaTrpc = (db: Db) =>
  timed("tRPC", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { workspaceId } }));
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://facet.test/api/trpc/segment.list?input=${input}`),
      router: appRouter,
      createContext: () => contextFor(db, owner),
      responseMeta: trpcResponseMeta,
    });
    return { status: response.status, retryAfter: response.headers.get("retry-after") };
  });

/** REST API v1 with a read-and-write key. */
const viaRest = (db: Db) =>
  timed("REST", async () => {
    const { status, headers } = await restClient(db)("GET", "/customers", { key: readKey });
    return { status, retryAfter: headers.get("retry-after") };
  });

/** The tracking API's database work (authenticate the write key, store a track call), mapped as its route maps errors. */
const viaIngest = (db: Db) =>
  timed("ingest", async () => {
    try {
      const key = await apiKey.authenticateApiKey(db, writeKey);
      if (!key) return { status: 401, retryAfter: null };
      const parsed = ingest.parseIngestMessages("track", { userId: "u1", event: "Order Completed", messageId: crypto.randomUUID() });
      await ingest.ingestMessages(db, { workspaceId: key.workspaceId, apiKeyId: key.keyId, call: "track" }, parsed);
      return { status: 200, retryAfter: null };
    } catch (error) {
      const { status, headers } = httpError(error, "req_ingest");
      return { status, retryAfter: headers["retry-after"] ?? null };
    }
  });

const every = (db = app.db) => Promise.all([viaTrpc(db), viaRest(db), viaIngest(db)]);
const statuses = (answers: Answer[]) => answers.map(({ via, status, retryAfter }) => ({ via, status, retryAfter }));
const allOk = [
  { via: "tRPC", status: 200, retryAfter: null },
  { via: "REST", status: 200, retryAfter: null },
  { via: "ingest", status: 200, retryAfter: null },
];
const allUnavailable = allOk.map(({ via }) => ({ via, status: 503, retryAfter: "2" }));
/** Comes back without a restart of anything in the app: polls the state until every path answers 200. */
const recovered = (db = app.db) => expect.poll(async () => statuses(await every(db)), { timeout: 20_000, interval: 200 }).toEqual(allOk);

// A client (Segment's libraries, a browser) gives up after about 15 s; a 503 must come well before.
const fast = (CONNECT_TIMEOUT_SECONDS + 1.5) * 1000;

describe("PostgreSQL going away", () => {
  it(
    "is a 503 with Retry-After at once when the server is shut down, and the app recovers when it is back",
    { timeout: 60_000 },
    async () => {
      expect(statuses(await every())).toEqual(allOk);
      await server.stop();
      const down = await every();
      expect(statuses(down)).toEqual(allUnavailable);
      expect(Math.max(...down.map((a) => a.ms))).toBeLessThan(fast);
      // Still down: answered without waiting for the server again.
      const again = await every();
      expect(statuses(again)).toEqual(allUnavailable);
      await server.start();
      await recovered();
    },
  );

  it("costs only the requests on a connection that is dropped while the server is fine", async () => {
    await recovered();
    proxy.cut();
    // The requests right after may still meet the dropped connections: those answer 503 ...
    for (const answer of statuses(await every())) expect([200, 503]).toContain(answer.status);
    // ... but the server is fine, so the next ones are served at once, with no window of refusals.
    expect(statuses(await every())).toEqual(allOk);
  });

  it(
    "is a 503 within the connect timeout for 60 concurrent requests when the server is unreachable, then recovers",
    { timeout: 60_000 },
    async () => {
      await recovered();
      // New connections are accepted and never answered: a host that went away without a word.
      proxy.mode = "hold";
      proxy.cut();
      // A second app process, so every request needs a new connection (none left open from before).
      const cold = createDatabase({ url: `postgres://postgres@127.0.0.1:${proxy.port}/facet` });
      try {
        const started = performance.now();
        // More requests than the pool has connections: postgres.js queues them behind connection attempts.
        const answers = (await Promise.all(Array.from({ length: 20 }, () => every(cold.db)))).flat();
        const elapsed = performance.now() - started;
        expect(new Set(statuses(answers).map((a) => `${a.status} ${a.retryAfter}`))).toEqual(new Set(["503 2"]));
        // They all waited for one connect timeout, not one per wave of queued requests.
        expect(elapsed).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_SECONDS * 1000 - 100);
        expect(elapsed).toBeLessThan(fast);
        proxy.mode = "forward";
        await recovered(cold.db);
        await recovered();
      } finally {
        await cold.close();
      }
    },
  );
});
