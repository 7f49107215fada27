import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";

const megabyte = 1024 * 1024;

/**
 * Streams a body of up to `total` bytes (chunked, no Content-Length) until the server answers, and returns
 * the status and how much was sent by then: a server that reads everything first answers only at the end.
 */
function streamUntilAnswered(url: string, headers: Record<string, string>, total = 300 * megabyte) {
  return new Promise<{ status: number; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** Declares a huge Content-Length, sends nothing, and waits for the answer. */
function declareHuge(url: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "content-length": String(300 * megabyte) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

test("oversized bodies are refused with 413 before they are read whole", async ({ baseURL }) => {
  const origin = baseURL!;
  const json = { "content-type": "application/json", origin };
  const form = { "content-type": "application/x-www-form-urlencoded", origin };
  const targets: Array<[string, Record<string, string>]> = [
    ["/api/trpc/account.signUp?batch=1", json],
    ["/api/auth/callback/credentials", form],
    ["/api/auth/signout", form],
  ];
  for (const [path, headers] of targets) {
    expect(await declareHuge(`${origin}${path}`, headers), path).toBe(413);
    const streamed = await streamUntilAnswered(`${origin}${path}`, headers);
    expect(streamed.status, path).toBe(413);
    // Cut at the first byte past the limit; what is in flight in socket buffers is a few megabytes at most.
    expect(streamed.sent, path).toBeLessThan(16 * megabyte);
  }
});
