// Segment's own libraries against Facet, changing only the host: @segment/analytics-node from this process,
// @segment/analytics-next (analytics.js) in a page of another origin. README's "Sending data" snippets run
// as written (host and key filled in).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Analytics } from "@segment/analytics-node";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

const e2eDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(e2eDir, "..", "README.md"), "utf8");
const sendingData = readme.slice(readme.indexOf("## Sending data"), readme.indexOf("\n## ", readme.indexOf("## Sending data") + 3));
const snippet = (lang: string, marker: string) => {
  const block = [...sendingData.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))]
    .map((m) => m[1]!)
    .find((b) => b.includes(marker));
  if (!block) throw new Error(`README's "Sending data" has no ${lang} block with ${marker}`);
  return block;
};
/** README's snippets are written for `pnpm start` on localhost:3000; the test's app listens elsewhere. */
const readmeHost = "localhost:3000";

async function writeKey(page: Page, slug: string): Promise<string> {
  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Key name").fill("Website");
  await page.getByRole("button", { name: "Create key" }).click();
  return page.getByLabel("New API key").inputValue();
}

async function newWorkspaceWithKey(page: Page, who: string) {
  await signUp(page, who, newEmail(who.toLowerCase().replace(/\W+/g, ".")));
  const slug = await createWorkspace(page, `${who} ${Date.now()}`);
  return { slug, key: await writeKey(page, slug) };
}

/** Reloads the customers page until a customer shows, then opens their profile. */
async function openCustomer(page: Page, slug: string, name: string) {
  const link = page.getByRole("table").getByRole("link", { name });
  await expect(async () => {
    await page.goto(`/w/${slug}/customers`);
    await expect(link).toBeVisible({ timeout: 15_000 });
  }).toPass();
  await link.click();
}

/** A value on the open profile, by its attribute's label. */
const profileValue = (page: Page, label: string) =>
  page
    .getByRole("term")
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator("xpath=following-sibling::dd[1]");

test("@segment/analytics-node delivers every event with only the host changed; a bad message is refused alone and logged", async ({
  page,
  baseURL,
}) => {
  const { slug, key } = await newWorkspaceWithKey(page, "Nadia Node");
  const analytics = new Analytics({ writeKey: key, host: baseURL!, flushAt: 10 });
  const statuses: number[] = [];
  const errors: unknown[] = [];
  analytics.on("http_response", (r) => statuses.push(r.status));
  analytics.on("error", (e) => errors.push(e));

  analytics.identify({ userId: "n-1", traits: { email: "nadia@example.com", name: "Nadia Node", plan: "team", seats: 12 } });
  for (let i = 0; i < 25; i++) analytics.track({ userId: "n-1", event: "Order Completed", properties: { revenue: 2, order: i } });
  analytics.page({ userId: "n-1", name: "Pricing" });
  // Stored as text in PostgreSQL's JSON, a NUL can't be: this one message is refused, the rest of its batch stored.
  analytics.track({ userId: "n-1", event: "Broken", properties: { note: "a\u0000b" } });
  await analytics.closeAndFlush();

  expect(errors).toEqual([]);
  expect(statuses.length).toBeGreaterThanOrEqual(3); // batches of 10
  expect(new Set(statuses)).toEqual(new Set([200]));

  await openCustomer(page, slug, "Nadia Node");
  await expect(profileValue(page, "Orders")).toHaveText("25"); // none dropped
  await expect(profileValue(page, "Lifetime value")).toHaveText("50");
  await expect(profileValue(page, "plan")).toHaveText("team");

  await page.goto(`/w/${slug}/settings`);
  await page.getByRole("link", { name: "Ingest log" }).click();
  const rows = page.getByTestId("ingest-log-rows");
  await expect(rows).toContainText(/batch\[\d+\]\.properties\.note: contains a NUL character/);
  await expect(rows).toContainText("Website");
  await expect(rows).toContainText("track");
});

test("README's analytics-node and curl snippets work as written", async ({ page, baseURL }) => {
  const { slug, key } = await newWorkspaceWithKey(page, "Rita Readme");
  const host = new URL(baseURL!).host;
  const env = { ...process.env, FACET_WRITE_KEY: key };
  const node = snippet("js", "@segment/analytics-node").replaceAll(readmeHost, host);
  await promisify(execFile)(process.execPath, ["--input-type=module", "-e", node], { cwd: e2eDir, env });
  const curl = snippet("sh", "curl").replaceAll(readmeHost, host);
  const { stdout } = await promisify(execFile)("sh", ["-c", curl], { env });
  expect(JSON.parse(stdout)).toEqual({ success: true, accepted: 1 });

  await openCustomer(page, slug, "ada@example.com");
  await expect(profileValue(page, "Orders")).toHaveText("2"); // the snippet's order and curl's
  await expect(profileValue(page, "plan")).toHaveText("pro");
});

test("README's analytics.js snippet sends from a page on another origin: preflights answered, nothing fetched elsewhere", async ({
  page,
  baseURL,
  request,
}) => {
  const { slug, key } = await newWorkspaceWithKey(page, "Bea Browser");
  const app = new URL(baseURL!);
  const dist = join(dirname(createRequire(import.meta.url).resolve("@segment/analytics-next/package.json")), "dist", "umd");
  const code = snippet("js", "@segment/analytics-next").replaceAll(readmeHost, app.host).replaceAll("YOUR_WRITE_KEY", key);
  // A customer's site: its own origin on 127.0.0.1, analytics.js from node_modules (an import map gives the
  // README's bare import its module), and a button that sends with the write key only in a text/plain body.
  const site: Server = createServer((req, res) => {
    if (req.url === "/analytics-next.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(`${readFileSync(join(dist, "index.js"), "utf8")}\nexport const AnalyticsBrowser = self.AnalyticsNext.AnalyticsBrowser;`);
      return;
    }
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><title>Shop</title>
      <script type="importmap">{"imports":{"@segment/analytics-next":"/analytics-next.js"}}</script>
      <script type="module">${code}
        window.facetReady = analytics.ready();
      </script>
      <h1>Shop</h1>`);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  try {
    const offsite: string[] = [];
    await page.context().route("**/*", (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === "127.0.0.1") return route.continue();
      offsite.push(route.request().url());
      return route.abort();
    });
    const sent: { url: string; status: number; contentType: string; auth: boolean }[] = [];
    page.on("requestfinished", async (r) => {
      if (!r.url().startsWith(`${app.origin}/v1/`)) return;
      const [response, headers] = await Promise.all([r.response(), r.allHeaders()]);
      sent.push({
        url: r.url(),
        status: response?.status() ?? 0,
        contentType: headers["content-type"] ?? "",
        auth: "authorization" in headers,
      });
    });
    await page.goto(siteUrl);
    await page.evaluate(() => (window as unknown as { facetReady: Promise<unknown> }).facetReady);
    await expect.poll(() => sent.map((s) => new URL(s.url).pathname).sort()).toEqual(["/v1/i", "/v1/t"]);
    expect(sent.every((s) => s.status === 200 && s.contentType.startsWith("text/plain") && s.auth)).toBe(true);

    // The write key only in the body, as a simple text/plain request (no preflight): read back across origins.
    const answer = await page.evaluate(
      async ([url, writeKey]) => {
        const res = await fetch(url!, {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: JSON.stringify({ writeKey, userId: "42", event: "Order Completed", properties: { revenue: 8 } }),
        });
        return { status: res.status, body: (await res.json()) as unknown };
      },
      [`${app.origin}/v1/t`, key],
    );
    expect(answer).toEqual({ status: 200, body: { success: true, accepted: 1 } });
    expect(offsite).toEqual([]);
  } finally {
    await new Promise((resolve) => site.close(resolve));
  }

  // The preflight a browser sends before a call with the Authorization header.
  const preflight = await request.fetch("/v1/batch", {
    method: "OPTIONS",
    headers: {
      origin: "https://shop.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type",
    },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()).toMatchObject({
    "access-control-allow-origin": "*",
    "access-control-allow-methods": expect.stringContaining("POST"),
    "access-control-allow-headers": "authorization,content-type",
  });

  await openCustomer(page, slug, "ada@example.com");
  await expect(profileValue(page, "Lifetime value")).toHaveText("50"); // 42 from analytics.js, 8 from the text/plain call
  await expect(profileValue(page, "plan")).toHaveText("pro");
});

test("bodies are capped before they are read: a 300 MB Content-Length and an endless stream get 413 at once", async ({ baseURL }) => {
  /** Posts, writing the body with `write` until the answer comes; resolves with the answer. */
  const post = (
    path: string,
    headers: Record<string, string>,
    write: (req: ReturnType<typeof httpRequest>, answered: () => boolean) => void,
  ) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      let answered = false;
      const req = httpRequest(new URL(path, baseURL), { method: "POST", headers }, (res) => {
        answered = true;
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      req.on("error", (error) => (answered ? undefined : reject(error)));
      write(req, () => answered);
    });
  const declared = await post("/v1/batch", { "content-type": "application/json", "content-length": String(300 * 1024 * 1024) }, (req) =>
    req.write('{"batch":['),
  );
  expect(declared.status).toBe(413);
  expect(JSON.parse(declared.body)).toMatchObject({ success: false, message: expect.stringContaining("500 KB") });
  // No length given: the server stops reading at the first byte past 32 KB, however much more is coming.
  let written = 0;
  const streamed = await post("/api/v1/track", { "content-type": "application/json", "transfer-encoding": "chunked" }, (req, answered) => {
    const chunk = "x".repeat(16 * 1024);
    const more = () => {
      while (!answered() && written < 300 * 1024 * 1024) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", more);
      }
    };
    more();
  });
  expect(streamed.status).toBe(413);
  expect(written).toBeLessThan(300 * 1024 * 1024);
});

test("the issue's batch: four good messages and one of 33 KB store the four and report the one", async ({ page, request }) => {
  const { slug, key } = await newWorkspaceWithKey(page, "Bo Batch");
  const message = (i: number, extra: Record<string, unknown> = {}) => ({
    type: "track",
    userId: "b-1",
    event: "Viewed",
    messageId: `m-${i}`,
    ...extra,
  });
  const res = await request.post("/v1/batch", {
    headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
    data: { batch: [message(0), message(1), message(2, { properties: { blob: "x".repeat(33 * 1024) } }), message(3), message(4)] },
  });
  expect(res.status()).toBe(200);
  // README shows this very answer.
  expect(await res.json()).toEqual(JSON.parse(snippet("json", '"rejected"')));
  expect(await res.json()).toMatchObject({ accepted: 4, rejected: [{ index: 2, messageId: "m-2" }] });
  const unknown = await request.post("/v1/frobnicate", { headers: { authorization: `Bearer ${key}` }, data: {} });
  expect(unknown.status()).toBe(404);
  await page.goto(`/w/${slug}/settings/ingest-log`);
  await expect(page.getByTestId("ingest-log-rows")).toContainText("batch[2] is larger than 32 KB");
  await expect(page.getByTestId("ingest-log-rows")).toContainText("m-2");
});
