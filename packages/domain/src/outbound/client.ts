import { lookup as systemLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector, request } from "undici";
import { classifyAddress, rangeWords, type RefusedAddress } from "./address";

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Name resolution, injectable so tests can play a DNS server that lies. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

const resolveWithSystem: Resolve = async (hostname) =>
  (await systemLookup(hostname, { all: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A request refused because its host is, or resolves to, an address that isn't public. */
export class OutboundRefused extends Error {
  readonly address: string;
  readonly range: string;
  constructor(
    readonly host: string,
    verdict: RefusedAddress,
  ) {
    const what = `${rangeWords(verdict.range)} address`;
    const address = verdict.embedded ? `${verdict.address} (${verdict.embedded})` : verdict.address;
    super(
      host === verdict.address ? `${address} is ${what}, not a public one.` : `${host} resolves to ${address}, ${what}, not a public one.`,
    );
    this.name = "OutboundRefused";
    this.address = verdict.address;
    this.range = verdict.range;
  }
}

/** A host name that resolves to no address at all. */
export class OutboundUnresolved extends Error {
  constructor(readonly host: string) {
    super(`${host} doesn't resolve to an address.`);
    this.name = "OutboundUnresolved";
  }
}

export interface OutboundOptions {
  /** Lets every address through, loopback and private ones included (a workspace admin's choice). */
  allowPrivate?: boolean;
  resolve?: Resolve;
  /** Longest wait for a connection; each request also has its own whole-request timeout. */
  connectTimeoutMs?: number;
}

export interface OutboundRequest {
  method: "POST" | "PUT" | "GET";
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * The one client for URLs users give. The address is checked where the socket is opened: an IP in the
 * URL before connecting, a host name in the resolver hook of the connection itself, which refuses the
 * whole host if any of its addresses isn't public and hands the socket exactly the addresses it
 * checked. There is no second resolution between the check and the connection, so DNS rebinding
 * can't slip a private address in. Redirects are never followed (one could point anywhere).
 */
export interface OutboundClient {
  /** Resolves the URL's host and refuses it as the connection would (the check when a URL is saved). */
  check(url: string): Promise<void>;
  /** Sends one request; the response body is discarded. */
  send(url: string, req: OutboundRequest): Promise<{ status: number }>;
  close(): Promise<void>;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

export function createOutboundClient(options: OutboundOptions = {}): OutboundClient {
  const allowPrivate = options.allowPrivate ?? false;
  const resolve = options.resolve ?? resolveWithSystem;

  /** Every address of the host, refused as a whole when one of them isn't public. */
  async function addressesOf(host: string): Promise<ResolvedAddress[]> {
    const literal = isIP(host);
    const addresses = literal
      ? [{ address: host, family: literal as 4 | 6 }]
      : await resolve(host).catch(() => {
          throw new OutboundUnresolved(host);
        });
    if (addresses.length === 0) throw new OutboundUnresolved(host);
    if (!allowPrivate) {
      for (const a of addresses) {
        const verdict = classifyAddress(a.address);
        if (!verdict.public) throw new OutboundRefused(host, verdict);
      }
    }
    return addresses;
  }

  const lookup: LookupFunction = (hostname, opts, callback) => {
    addressesOf(hostname).then(
      (all) => {
        const wanted = opts.family === 4 || opts.family === 6 ? all.filter((a) => a.family === opts.family) : all;
        if (wanted.length === 0) return callback(new OutboundUnresolved(hostname), "", 0);
        // `all` is how net asks when it tries several addresses in turn (autoSelectFamily).
        if (opts.all) return (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, wanted);
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (e: Error) => callback(e as NodeJS.ErrnoException, "", 0),
    );
  };

  const connector = buildConnector({ lookup, timeout: options.connectTimeoutMs ?? 10_000 });
  const agent = new Agent({
    connect(opts, callback) {
      // net skips the lookup hook for an IP: check it here, at the same moment.
      const host = opts.hostname.replace(/^\[|\]$/g, "");
      if (isIP(host) && !allowPrivate) {
        const verdict = classifyAddress(host);
        if (!verdict.public) return callback(new OutboundRefused(host, verdict), null);
      }
      connector(opts, callback);
    },
  });

  function parse(raw: string) {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`${url.protocol} URLs can't be called.`);
    return url;
  }

  return {
    async check(raw) {
      await addressesOf(hostOf(parse(raw)));
    },
    async send(raw, req) {
      const url = parse(raw);
      const res = await request(url, {
        dispatcher: agent,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(req.timeoutMs),
      });
      await res.body.dump({ limit: 64 * 1024 });
      return { status: res.statusCode };
    },
    close: () => agent.close(),
  };
}
