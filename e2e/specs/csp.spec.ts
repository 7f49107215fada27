import { expect, test } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

test("pages run under a nonce CSP without a single violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate)/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });

  const first = await page.goto("/sign-in");
  const policy = first!.headers()["content-security-policy"] ?? "";
  const scriptSrc = policy.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  // Each response has its own nonce.
  const again = await page.request.get("/sign-in");
  expect(again.headers()["content-security-policy"]).not.toBe(policy);

  await signUp(page, "Cyd Csp", newEmail("csp"));
  const slug = await createWorkspace(page, `Csp ${Date.now()}`);
  for (const path of [`/w/${slug}`, `/w/${slug}/customers`, `/w/${slug}/segments`, `/w/${slug}/settings`]) {
    await page.goto(path);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  }
  // The client-side app works (hydrated scripts ran): navigating by a link doesn't reload the page.
  await page.goto(`/w/${slug}`);
  await page.getByRole("link", { name: "Customers" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/customers`));
  expect(violations).toEqual([]);
});

test("every script in a page carries that response's nonce", async ({ request }) => {
  const response = await request.get("/sign-in");
  const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test("HSTS is sent when the proxy says the request came over HTTPS, and only then", async ({ request }) => {
  const https = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d{8}/);
  const http = await request.get("/sign-in");
  expect(http.headers()["strict-transport-security"]).toBeUndefined();
});
