import ipaddr from "ipaddr.js";

/** What an address is: public unicast (safe to call), or the range that makes it unsafe. */
export interface RefusedAddress {
  public: false;
  address: string;
  range: string;
  /** The IPv4 address an IPv6 form carries, when it carries one. */
  embedded?: string;
}
export type AddressVerdict = { public: true; address: string } | RefusedAddress;

const v4Words: Record<string, string> = {
  unspecified: "an unspecified",
  broadcast: "a broadcast",
  multicast: "a multicast",
  linkLocal: "a link-local",
  loopback: "a loopback",
  carrierGradeNat: "a carrier-grade NAT",
  private: "a private",
  reserved: "a reserved or documentation",
  as112: "a reserved (AS112)",
  amt: "a reserved (AMT)",
};
const v6Words: Record<string, string> = {
  ...v4Words,
  uniqueLocal: "a unique local",
  deprecatedSiteLocal: "a site-local",
  discard: "a discard-only",
  rfc6052: "a local-use NAT64",
  teredo: "a Teredo tunnel",
  benchmarking: "a benchmarking",
  as112v6: "a reserved (AS112)",
  orchid2: "a reserved (ORCHID)",
  deprecatedOrchid: "a reserved (ORCHID)",
  droneRemoteIdProtocolEntityTags: "a reserved (DRIP)",
  segmentRouting: "a segment-routing",
  reserved: "a reserved or documentation",
  notGlobal: "an unallocated",
};

/** How a refused range reads in a sentence: "a loopback", "a private", ... */
export const rangeWords = (range: string) => v6Words[range] ?? "a non-public";

const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
const zero = (parts: number[], from: number, to: number) => parts.slice(from, to).every((p) => p === 0);

/**
 * The IPv4 address an IPv6 address stands for, in every form that reaches an IPv4 host: mapped
 * (::ffff:a.b.c.d), translated (::ffff:0:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d)
 * and 6to4 (2002:aabb:ccdd::). Checking the IPv6 address alone lets [::ffff:127.0.0.1] through.
 */
function embeddedIPv4(a: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = a.parts;
  if (zero(p, 0, 5) && p[5] === 0xffff) return v4(p[6]!, p[7]!); // mapped
  if (zero(p, 0, 4) && p[4] === 0xffff && p[5] === 0) return v4(p[6]!, p[7]!); // translated
  if (zero(p, 0, 6) && (p[6] !== 0 || p[7]! > 1)) return v4(p[6]!, p[7]!); // compatible, but :: and ::1
  if (p[0] === 0x64 && p[1] === 0xff9b && zero(p, 2, 6)) return v4(p[6]!, p[7]!); // NAT64 well-known prefix
  if (p[0] === 0x2002) return v4(p[1]!, p[2]!); // 6to4
  return null;
}

/**
 * Classifies an IP address (v4 or v6, with or without brackets or a zone). Only public unicast
 * passes: IPv4 outside every special-purpose range, IPv6 in global unicast 2000::/3 outside every
 * special-purpose range, and an IPv6 form that carries an IPv4 address is judged by that address.
 */
export function classifyAddress(raw: string): AddressVerdict {
  const text = raw.trim().replace(/^\[(.*)\]$/, "$1");
  const address = text.replace(/%.*$/, "");
  if (!ipaddr.isValid(address)) return { public: false, address: text, range: "invalid" };
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    const inner = embeddedIPv4(v6);
    if (inner) {
      const range = inner.range();
      return range === "unicast" ? { public: true, address: text } : { public: false, address: text, range, embedded: inner.toString() };
    }
    const range = v6.range();
    if (range !== "unicast") return { public: false, address: text, range };
    // Unicast outside 2000::/3 is not allocated to anyone: nothing legitimate listens there.
    if ((v6.parts[0]! & 0xe000) !== 0x2000) return { public: false, address: text, range: "notGlobal" };
    return { public: true, address: text };
  }
  const range = (parsed as ipaddr.IPv4).range();
  return range === "unicast" ? { public: true, address: text } : { public: false, address: text, range };
}

export const isPublicAddress = (address: string) => classifyAddress(address).public;
