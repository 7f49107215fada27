import { expect, test } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

test("an admin creates a write key; Segment-style calls with it create customers and events; revoked keys get 401", async ({
  page,
  request,
}) => {
  await signUp(page, "Kai Keys", newEmail("keys"));
  const slug = await createWorkspace(page, `Ingest ${Date.now()}`);
  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Key name").fill("Website");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^fct_w_/);

  const basic = { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` };
  const identify = await request.post("/api/v1/identify", {
    headers: basic,
    data: { userId: "u-77", traits: { email: "nora@example.com", name: "Nora", plan: "pro" } },
  });
  expect(identify.status()).toBe(200);
  expect(await identify.json()).toEqual({ success: true, accepted: 1 });
  const batch = await request.post("/api/v1/batch", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      batch: [
        { type: "track", userId: "u-77", event: "Order Completed", messageId: "m-1", properties: { revenue: 42 } },
        { type: "page", userId: "u-77", name: "Pricing" },
      ],
    },
  });
  expect(batch.status()).toBe(200);

  const bad = await request.post("/api/v1/track", { headers: basic, data: { userId: "u-77" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).message).toContain("event");
  const typed = await request.post("/api/v1/identify", { headers: basic, data: { userId: "u-77", traits: { plan: 5 } } });
  expect(typed.status()).toBe(200); // a number is valid text
  const wrong = await request.post("/api/v1/identify", {
    headers: { authorization: "Bearer fct_w_not-a-real-key-000000000" },
    data: { userId: "x" },
  });
  expect(wrong.status()).toBe(401);

  await page.goto(`/w/${slug}/customers`);
  await page.getByRole("link", { name: "Nora" }).click();
  await expect(page.getByText("Order Completed")).toBeVisible();
  await expect(page.getByText("$42.00")).toBeVisible();

  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByRole("button", { name: "Revoke Website" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("Revoked", { exact: true })).toBeVisible();
  const after = await request.post("/api/v1/identify", { headers: basic, data: { userId: "u-78" } });
  expect(after.status()).toBe(401);
});
