// Live audiences as a user sees them: an event sent to the ingest API moves a customer into a segment, and the
// segment page's activity feed shows it without a reload; the profile's segment history says the same, and the
// segment is shown live on its page and in the list.
import { expect, test } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

test("an ingested purchase shows in the segment's activity feed without reloading, then in the profile's segment history", async ({
  page,
  request,
}) => {
  await signUp(page, "Lena Live", newEmail("live-feed"));
  const slug = await createWorkspace(page, `Live feed ${Date.now()}`);
  await page.goto(`/w/${slug}/settings/api-keys`);
  const key = async (access: "readWrite" | "write") => {
    await page.getByLabel("Key name").fill(access);
    await page.getByLabel("Access").selectOption(access);
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByLabel("New API key")).toHaveValue(access === "write" ? /^fct_w_/ : /^fct_rw_/);
    return page.getByLabel("New API key").inputValue();
  };
  const write = { authorization: `Bearer ${await key("write")}` };
  const rest = { authorization: `Bearer ${await key("readWrite")}` };

  const identify = await request.post("/v1/identify", {
    headers: write,
    data: { userId: "maya-1", traits: { name: "Maya Chen", email: "maya@example.com" } },
  });
  expect(identify.status()).toBe(200);
  const definition = {
    version: 1,
    root: {
      type: "group",
      combinator: "and",
      negate: false,
      children: [{ type: "event", event: "Order Completed", operator: "did", window: { kind: "ever" }, where: [] }],
    },
  };
  const created = await request.post("/api/v1/segments", { headers: rest, data: { name: "Buyers", definition } });
  expect(created.status()).toBe(201);
  const segment = (await created.json()) as { id: string; members: number };
  expect(segment.members).toBe(0);

  await page.goto(`/w/${slug}/segments/${segment.id}`);
  const feed = page.getByRole("region", { name: "Activity" });
  await expect(feed.getByText("Nobody has entered or left yet")).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  // A mark on the page's window: a reload would wipe it.
  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

  const track = await request.post("/v1/track", {
    headers: write,
    data: { userId: "maya-1", event: "Order Completed", messageId: "order-1234", properties: { revenue: 42 } },
  });
  expect(track.status()).toBe(200);

  const entry = feed.getByRole("listitem").filter({ hasText: "Maya Chen entered" });
  await expect(entry).toBeVisible();
  await expect(entry).toContainText(/Maya Chen entered, (just now|\d+ s ago): Order Completed #order-1234/);
  // The rest of the page follows: the size in the header and the members.
  await expect(page.getByText(/^1 member · version 1/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Members" }).getByRole("link", { name: "Maya Chen" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

  // The segments list shows it live too.
  await page.goto(`/w/${slug}/segments`);
  await expect(page.getByRole("row", { name: /Buyers/ }).getByText("Live", { exact: true })).toBeVisible();

  // From the feed to the profile: its segment history says when and why.
  await page.goto(`/w/${slug}/segments/${segment.id}`);
  await feed.getByRole("link", { name: "Maya Chen" }).click();
  await expect(page.getByRole("heading", { name: "Maya Chen" })).toBeVisible();
  const history = page.getByRole("region", { name: "Segment history" });
  const line = history.getByRole("listitem").filter({ hasText: "Entered Buyers" });
  await expect(line).toBeVisible();
  await expect(line).toContainText("Order Completed #order-1234");
});
