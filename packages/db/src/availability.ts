import { connect, type Socket } from "node:net";
import postgres from "postgres";

/** How long a PostgreSQL server that went away is left alone before it is tried again; also the Retry-After. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;
/** The longest a connection may take to open. postgres.js waits 30 s by default, per wave of queued queries. */
export const CONNECT_TIMEOUT_SECONDS = 3;

// Node's socket errors, postgres.js's own connection errors, and the SQLSTATEs of a server that is
// shutting down, starting up, crashed, or full (class 08 is "connection exception" as a whole).
const socketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const driverCodes = new Set(["CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);
const serverCodes = new Set(["57P01", "57P02", "57P03", "53300"]);

/**
 * Whether an error means the database can't be reached right now (rather than that a query is wrong):
 * the cause chain is followed, since Drizzle and tRPC wrap the driver's error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return codesOf(error).some(
    (code) => socketCodes.has(code) || driverCodes.has(code) || serverCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code),
  );
}

/**
 * Whether the server rolled a transaction back because it collided with another (a deadlock, or a
 * serialization failure): the same transaction, run again, can succeed.
 */
export function isTransactionConflict(error: unknown): boolean {
  return codesOf(error).some((code) => code === "40P01" || code === "40001");
}

/** Errors of opening a connection: the server can't be reached or won't take sessions now (not one connection lost). */
const connectCodes = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "CONNECT_TIMEOUT", "57P03", "53300"]);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

type Sql = postgres.Sql;
interface Pool {
  sql: Sql;
  ended: boolean;
}
/** postgres.js's parsed options, as it hands them to a socket factory. */
interface ParsedOptions {
  host: string[];
  port: number[];
  path?: string | false;
}

/**
 * A postgres.js client that fails fast while the server is away, and comes back on its own.
 *
 * Two ways postgres.js makes requests wait far longer than a client does: it queues queries behind
 * connection attempts (with the server unreachable, 50 concurrent queries on a pool of 10 failed in
 * waves of one connect timeout each: 10 s at a 2 s timeout, 150 s at its default 30 s), and when a
 * connection closes before the server answered (a proxy, a container port or a load balancer in
 * front of a stopped server) it reconnects forever, each attempt restarting its connect timeout.
 *
 * So the first connection that can't be opened (refused, timed out, closed before the server said
 * anything, the server starting up, shutting down or full) ends the whole pool at once: every
 * queued query fails now, and a transaction in flight is rolled back by the server rather than
 * committed after its caller was told 503. For DATABASE_RETRY_AFTER_SECONDS every query then fails
 * at once without trying; the first one after that opens a fresh pool. An open connection that is
 * lost (reset, closed, terminated) fails only the queries on it: if the server is away, the next
 * connection attempt says so. Drizzle holds this one stable client throughout.
 */
export function resilientClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>>): Sql {
  let downUntil = 0;

  function trip(of: Pool) {
    if (of !== pool || of.ended) return;
    of.ended = true;
    downUntil = Date.now() + DATABASE_RETRY_AFTER_SECONDS * 1000;
    void of.sql.end({ timeout: 0 });
  }

  /** Opens each connection of a pool, watching whether the server answers before it closes. */
  function socketFor(of: Pool, o: ParsedOptions): Socket {
    // postgres.js retries a closed connection on its own; an ended pool refuses those attempts.
    if (of.ended) throw Object.assign(new Error("The database is out of reach; not retrying yet."), { code: "CONNECTION_ENDED" });
    const socket = o.path ? connect(o.path) : connect(o.port[0] ?? 5432, o.host[0] ?? "localhost");
    let answered = false;
    socket.once("data", () => (answered = true));
    socket.once("close", () => answered || trip(of));
    return socket;
  }

  function open(): Pool {
    const of: Pool = { sql: undefined as unknown as Sql, ended: false };
    of.sql = postgres(url, {
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      ...options,
      socket: (o: ParsedOptions) => socketFor(of, o),
    } as typeof options);
    return of;
  }

  const first = open();
  let pool = first;

  function current() {
    if (pool.ended && Date.now() >= downUntil) {
      pool = open();
      // Drizzle set its type parsers on the first client's options when it was given this one.
      Object.assign(pool.sql.options.parsers, first.sql.options.parsers);
      Object.assign(pool.sql.options.serializers, first.sql.options.serializers);
    }
    return pool;
  }

  function observe(of: Pool, error: unknown) {
    if (codesOf(error).some((code) => connectCodes.has(code))) trip(of);
  }

  /** Watches a query's outcome without starting it early (postgres.js queries run when awaited). */
  function watched<Q extends Promise<unknown>>(of: Pool, query: Q): Q {
    const then = query.then;
    query.then = function (this: Q, ok, fail) {
      return then.call(this, ok, (error: unknown) => {
        observe(of, error);
        if (fail) return fail(error);
        throw error;
      });
    } as Q["then"];
    return query;
  }

  const wrappers: Partial<Record<keyof Sql, (of: Pool) => unknown>> = {
    unsafe:
      (of) =>
      (...args: Parameters<Sql["unsafe"]>) =>
        watched(of, of.sql.unsafe(...args)),
    begin:
      (of) =>
      (...args: unknown[]) =>
        (of.sql.begin as (...a: unknown[]) => Promise<unknown>)(...args).catch((error: unknown) => {
          observe(of, error);
          throw error;
        }),
    end: () => async (opts?: { timeout?: number }) => {
      await pool.sql.end(opts);
    },
  };

  return new Proxy(first.sql, {
    get(_target, key) {
      const of = current();
      const wrap = wrappers[key as keyof Sql];
      if (wrap) return wrap(of);
      const value = (of.sql as unknown as Record<PropertyKey, unknown>)[key];
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(of.sql) : value;
    },
    apply(_target, _this, args) {
      return (current().sql as unknown as (...a: unknown[]) => unknown)(...args);
    },
  });
}
