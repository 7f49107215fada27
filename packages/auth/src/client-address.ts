import { BlockList, isIP } from "node:net";

/**
 * The header Facet's server (apps/web/server.mjs) sets on every request to the address of the TCP peer,
 * replacing whatever a client sent under that name. Everything else about the client's address is hearsay.
 */
export const peerAddressHeader = "x-facet-peer";

/** `::ffff:203.0.113.7` (how a dual-stack socket reports an IPv4 peer) is 203.0.113.7. */
function normalise(address: string): string | null {
  let a = address.trim();
  if (a.startsWith("[") && a.includes("]")) a = a.slice(1, a.indexOf("]"));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  return isIP(a) ? a.toLowerCase() : null;
}

/** The proxies whose X-Forwarded-For is believed: addresses and CIDR ranges (`10.0.0.0/8`, `::1`). */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, bits] = entry.split("/");
      const ip = normalise(address ?? "");
      const family = ip && isIP(ip) === 6 ? "ipv6" : "ipv4";
      const prefix = bits === undefined ? (family === "ipv6" ? 128 : 32) : Number(bits);
      if (!ip || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === "ipv6" ? 128 : 32)) {
        throw new Error(`"${entry}" is not an IP address or CIDR range`);
      }
      this.list.addSubnet(ip, prefix, family);
    }
    this.size = entries.length;
  }

  has(address: string): boolean {
    const ip = normalise(address);
    return ip !== null && this.list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
  }
}

/**
 * The client's address. Without trusted proxies it is the TCP peer, and X-Forwarded-For (which anyone can
 * send) is ignored. When the peer is a trusted proxy, X-Forwarded-For is read from the right, skipping the
 * trusted proxies in it: the first other entry is the address the last trusted proxy saw.
 * "unknown" only when the server didn't say who the peer is (e.g. `next dev`).
 */
export function clientAddress(headers: Headers, trusted: TrustedProxies): string {
  const peer = normalise(headers.get(peerAddressHeader) ?? "");
  if (!peer) return "unknown";
  if (trusted.size === 0 || !trusted.has(peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalise(hops[i]!);
    if (!hop) return peer; // a garbled entry: nothing left of it can be believed
    if (!trusted.has(hop)) return hop;
  }
  return normalise(hops[0] ?? "") ?? peer;
}

/** Whether the request came through one of the trusted proxies (so its X-Forwarded-* headers are its word). */
export function fromTrustedProxy(headers: Headers, trusted: TrustedProxies): boolean {
  const peer = normalise(headers.get(peerAddressHeader) ?? "");
  return peer !== null && trusted.has(peer);
}

/**
 * The origin the browser used: APP_URL when configured; else the Host header over plain HTTP (what
 * server.mjs serves), or X-Forwarded-Host and -Proto when a trusted proxy sent them. A client can write
 * X-Forwarded-Host as easily as Origin, so believing it from anyone would let any origin pass the check.
 */
export function requestOrigin(headers: Headers, trusted: TrustedProxies, appUrl: string | null): string {
  if (appUrl) return new URL(appUrl).origin;
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || null;
  const viaProxy = fromTrustedProxy(headers, trusted);
  const host = (viaProxy ? first("x-forwarded-host") : null) ?? headers.get("host") ?? "localhost";
  const proto = (viaProxy ? first("x-forwarded-proto") : null) ?? "http";
  return `${proto}://${host}`;
}
