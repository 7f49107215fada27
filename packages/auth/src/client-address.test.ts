import { describe, expect, it } from "vitest";
import { clientAddress, peerAddressHeader, requestOrigin, TrustedProxies } from "./client-address";

const request = (peer: string | null, forwardedFor?: string) => {
  const headers = new Headers();
  if (peer !== null) headers.set(peerAddressHeader, peer);
  if (forwardedFor !== undefined) headers.set("x-forwarded-for", forwardedFor);
  return headers;
};
const none = new TrustedProxies([]);

describe("clientAddress", () => {
  it("without trusted proxies is the peer, whatever X-Forwarded-For says", () => {
    for (let i = 0; i < 20; i++) {
      expect(clientAddress(request("198.51.100.7", `203.0.113.${i}`), none)).toBe("198.51.100.7");
    }
    expect(clientAddress(request("::ffff:198.51.100.7", "1.2.3.4"), none)).toBe("198.51.100.7");
  });

  it("ignores X-Forwarded-For from a peer that isn't a trusted proxy", () => {
    const trusted = new TrustedProxies(["10.0.0.0/8"]);
    expect(clientAddress(request("198.51.100.7", "203.0.113.9"), trusted)).toBe("198.51.100.7");
  });

  it("behind trusted proxies, reads X-Forwarded-For from the right, skipping them", () => {
    const trusted = new TrustedProxies(["10.0.0.0/8", "127.0.0.1", "2001:db8::/32"]);
    // The client made up the first entry; the proxy appended what it saw.
    expect(clientAddress(request("10.1.2.3", "6.6.6.6, 203.0.113.9"), trusted)).toBe("203.0.113.9");
    expect(clientAddress(request("127.0.0.1", "203.0.113.9, 10.0.0.5, 10.9.9.9"), trusted)).toBe("203.0.113.9");
    expect(clientAddress(request("2001:db8::1", "2001:db9::7"), trusted)).toBe("2001:db9::7");
    // Only proxies: the leftmost is the best we know. No header: the proxy itself.
    expect(clientAddress(request("10.1.2.3", "10.0.0.9, 10.0.0.8"), trusted)).toBe("10.0.0.9");
    expect(clientAddress(request("10.1.2.3"), trusted)).toBe("10.1.2.3");
    // A garbled entry where an address belongs: nothing beyond the proxy can be believed.
    expect(clientAddress(request("10.1.2.3", "203.0.113.9, not-an-ip"), trusted)).toBe("10.1.2.3");
  });

  it("says unknown when the server didn't name the peer", () => {
    expect(clientAddress(request(null, "203.0.113.9"), none)).toBe("unknown");
  });

  it("refuses a TRUSTED_PROXIES entry that isn't an address or range", () => {
    expect(() => new TrustedProxies(["10.0.0.0/33"])).toThrow(/not an IP address/);
    expect(() => new TrustedProxies(["proxy.internal"])).toThrow(/not an IP address/);
  });
});

describe("requestOrigin", () => {
  const headers = (peer: string, extra: Record<string, string>) => new Headers({ [peerAddressHeader]: peer, ...extra });
  const forwarded = { host: "facet.example.com", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

  it("ignores X-Forwarded-Host and -Proto unless a trusted proxy sent them", () => {
    expect(requestOrigin(headers("198.51.100.7", forwarded), none, null)).toBe("http://facet.example.com");
    const trusted = new TrustedProxies(["10.0.0.0/8"]);
    expect(requestOrigin(headers("198.51.100.7", forwarded), trusted, null)).toBe("http://facet.example.com");
    expect(requestOrigin(headers("10.0.0.2", forwarded), trusted, null)).toBe("https://evil.example");
  });

  it("is APP_URL's origin when configured", () => {
    expect(requestOrigin(headers("10.0.0.2", forwarded), none, "https://app.facet.io/base")).toBe("https://app.facet.io");
  });
});
