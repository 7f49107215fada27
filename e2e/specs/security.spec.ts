import { expect, test } from "@playwright/test";
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

test("wrong passwords get one clear message, then a lockout that says how long", async ({ page }) => {
  const email = newEmail("locked");
  await signUp(page, "Lou Locked", email);
  await expect(page).toHaveURL(/\/workspaces$/);
  await page.context().clearCookies();
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, "not my password");
    await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  }
  await signIn(page, email);
  await expect(page.locator("form").getByRole("alert")).toHaveText(/Too many failed sign-in attempts\. Try again in 15 minutes\./);
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
