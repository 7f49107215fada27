// The connect-time check against a receiver on 127.0.0.1. Nothing here leaves loopback: the
// "public" names are answered by an injected resolver, and every refused request stops before connecting.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOutboundClient, OutboundRefused, type OutboundOptions, type Resolve } from "./client";

let server: Server;
let port: number;
const received: { url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ url: req.url ?? "", body });
      if (req.url === "/moved") res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      else res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const post = { method: "POST" as const, headers: { "content-type": "application/json" }, body: '{"emails":["a@x.io"]}', timeoutMs: 5000 };

async function send(url: string, options: OutboundOptions) {
  const client = createOutboundClient(options);
  try {
    return await client.send(url, post);
  } finally {
    await client.close();
  }
}

/** A resolver that answers the given addresses for every name, and counts its calls. */
function fakeDns(...answers: string[][]) {
  let calls = 0;
  const resolve: Resolve = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)]!;
    calls += 1;
    return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolve, calls: () => calls };
}

describe("the outbound client", () => {
  const literalForms = (p: number) => [
    `http://127.0.0.1:${p}/hook`,
    `http://[::ffff:127.0.0.1]:${p}/hook`,
    `http://[::ffff:7f00:1]:${p}/hook`,
  ];

  it("refuses loopback in every spelling at connect time, and sends nothing", async () => {
    for (const url of literalForms(port)) {
      await expect(send(url, {})).rejects.toBeInstanceOf(OutboundRefused);
    }
    await expect(send(`http://[::ffff:127.0.0.1]:${port}/hook`, {})).rejects.toThrow(
      "::ffff:7f00:1 (127.0.0.1) is a loopback address, not a public one.",
    );
    expect(received).toEqual([]);
  });

  it("delivers to the same addresses when private addresses are allowed", async () => {
    for (const url of literalForms(port)) {
      expect(await send(url, { allowPrivate: true })).toEqual({ status: 200 });
    }
    expect(received.map((r) => r.body)).toEqual([post.body, post.body, post.body]);
  });

  it("refuses a public-looking name that resolves to a private address", async () => {
    const dns = fakeDns(["127.0.0.1"]);
    await expect(send(`http://hooks.example.com:${port}/hook`, { resolve: dns.resolve })).rejects.toThrow(
      "hooks.example.com resolves to 127.0.0.1, a loopback address, not a public one.",
    );
    expect(dns.calls()).toBe(1);
    expect(received).toEqual([]);
  });

  it("refuses a name when any of its addresses is private, even if a public one comes first", async () => {
    const dns = fakeDns(["93.184.215.14", "::ffff:10.0.0.1"]);
    await expect(send(`http://hooks.example.com:${port}/hook`, { resolve: dns.resolve })).rejects.toMatchObject({
      address: "::ffff:10.0.0.1",
      range: "private",
    });
  });

  it("connects to the address it checked: a name that passed the check and then rebinds to loopback is refused", async () => {
    const dns = fakeDns(["93.184.215.14"], ["127.0.0.1"]);
    const client = createOutboundClient({ resolve: dns.resolve });
    try {
      await client.check(`http://hooks.example.com:${port}/hook`);
      await expect(client.send(`http://hooks.example.com:${port}/hook`, post)).rejects.toBeInstanceOf(OutboundRefused);
    } finally {
      await client.close();
    }
    expect(dns.calls()).toBe(2);
    expect(received).toEqual([]);
  });

  it("connects to the resolved address it was given when private addresses are allowed", async () => {
    const dns = fakeDns(["127.0.0.1"]);
    expect(await send(`http://hooks.example.com:${port}/hook`, { resolve: dns.resolve, allowPrivate: true })).toEqual({ status: 200 });
    expect(received).toHaveLength(1);
  });

  it("checks a URL on save as the connection would", async () => {
    const client = createOutboundClient({ resolve: fakeDns(["169.254.169.254"]).resolve });
    try {
      await expect(client.check("http://metadata.example.com/latest")).rejects.toMatchObject({ range: "linkLocal" });
      await expect(client.check("http://[64:ff9b::7f00:1]/")).rejects.toMatchObject({ range: "loopback" });
      await expect(client.check("http://[2002:7f00:1::]/")).rejects.toMatchObject({ range: "loopback" });
      await expect(client.check("http://[::127.0.0.1]/")).rejects.toMatchObject({ range: "loopback" });
      await expect(client.check("http://[::ffff:a9fe:a9fe]/")).rejects.toMatchObject({ range: "linkLocal" });
      await expect(client.check("http://8.8.8.8/")).resolves.toBeUndefined();
      await expect(client.check("file:///etc/passwd")).rejects.toThrow("file: URLs can't be called.");
    } finally {
      await client.close();
    }
  });

  it("does not follow redirects", async () => {
    expect(await send(`http://127.0.0.1:${port}/moved`, { allowPrivate: true })).toEqual({ status: 302 });
    expect(received.map((r) => r.url)).toEqual(["/moved"]);
  });
});
