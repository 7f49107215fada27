import { expect, test, type APIRequestContext } from "@playwright/test";
import { newEmail, password, signIn, signUp } from "./helpers";

test("pages carry security headers", async ({ request }) => {
  const response = await request.get("/sign-in");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("mutations from another origin, or as a form post, are refused", async ({ request, baseURL }) => {
  const body = JSON.stringify({ "0": { json: { name: "x", email: newEmail("csrf"), password } } });
  const foreign = await request.post("/api/trpc/account.signUp?batch=1", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: body,
  });
  expect(foreign.status()).toBe(403);
  const form = await request.post("/api/trpc/account.signUp?batch=1", {
    headers: { origin: baseURL! },
    multipart: { name: "x" },
  });
  expect(form.status()).toBe(403);
});

test("wrong passwords get one clear message, then a wait that says how long", async ({ page }) => {
  const email = newEmail("locked");
  await signUp(page, "Lou Locked", email);
  await expect(page).toHaveURL(/\/workspaces$/);
  await page.context().clearCookies();
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, "not my password");
    await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  }
  await signIn(page, email);
  await expect(page.locator("form").getByRole("alert")).toHaveText("Too many sign-in attempts. Try again in 3 minutes.");
});

/** Posts the sign-in form as the browser does; returns the error code Auth.js sends back, or "signed in". */
async function postCredentials(request: APIRequestContext, email: string, pw: string, headers: Record<string, string>) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf", { headers })).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    headers,
    form: { email, password: pw, csrfToken },
    maxRedirects: 0,
  });
  const location = new URL(response.headers()["location"] ?? "/", "http://x");
  return location.searchParams.get("code") ?? (location.searchParams.get("error") ? "error" : "signed in");
}

test("rotating X-Forwarded-For or a forged peer header buys no more guesses on an account", async ({ page, playwright, baseURL }) => {
  const email = newEmail("rotate");
  await signUp(page, "Rory Rotate", email);
  await expect(page).toHaveURL(/\/workspaces$/);
  const request = await playwright.request.newContext({ baseURL });
  const codes: string[] = [];
  for (let i = 0; i < 30; i++) {
    // Each attempt claims another client address and another TCP peer; only the proxy's last entry counts,
    // and the account's own bucket paces all of them together.
    codes.push(
      await postCredentials(request, email, "not my password", {
        "x-forwarded-for": `203.0.113.${i + 1}`,
        "x-facet-peer": `192.0.2.${i + 1}`,
      }),
    );
  }
  const checked = codes.filter((c) => c === "invalid_credentials").length;
  expect(checked).toBeGreaterThan(0);
  expect(checked).toBeLessThanOrEqual(10);
  expect(codes.filter((c) => c !== "invalid_credentials").every((c) => /^rate_limited_\d+$/.test(c))).toBe(true);
  await request.dispose();
});

test("sign-up explains what is wrong, field by field", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your name")).toBeVisible();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
});
