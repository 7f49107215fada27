import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

async function saveSegment(page: Page, slug: string, name: string, referToFirst: boolean) {
  await page.goto(`/w/${slug}/segments/new`);
  if (referToFirst) await page.getByRole("button", { name: "+ In a segment" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  return page.url();
}

test("a broken reference shows in the segments list and on the segment, and the owner's bell has a notification to open and mark read", async ({
  page,
}) => {
  await signUp(page, "Hana Health", newEmail("health"));
  const slug = await createWorkspace(page, `Health ${Date.now()}`);
  // The bell starts empty, with words for what it will hold.
  await page.getByRole("button", { name: "Notifications" }).click();
  await expect(page.getByRole("dialog", { name: "Notifications" })).toContainText("Nothing yet");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Notifications" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Notifications" })).toBeFocused();

  const vipUrl = await saveSegment(page, slug, "VIP", false);
  const bigUrl = await saveSegment(page, slug, "Big spenders", true);
  await page.goto(vipUrl);
  await page.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByText("Archived", { exact: true })).toBeVisible();

  // The list names the cause on the segment that refers to the archived one.
  await page.goto(`/w/${slug}/segments`);
  const row = page.getByRole("row").filter({ hasText: "Big spenders" });
  await expect(row.getByTestId("segment-health")).toContainText("Broken reference");
  await expect(row.getByTestId("segment-health")).toContainText("“VIP” (archived)");

  // The owner is told (a job raises it; the bell polls): open the bell from the keyboard.
  const bell = page.getByRole("button", { name: /^Notifications, 1 unread$/ });
  await expect(async () => {
    await page.reload();
    await expect(bell).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await bell.focus();
  await page.keyboard.press("Enter");
  const panel = page.getByRole("dialog", { name: "Notifications" });
  const item = panel.getByRole("listitem").filter({ hasText: "“Big spenders” refers to a segment that is archived or gone" });
  await expect(item).toContainText("Restore it or edit the rules");
  await item.getByRole("link", { name: /^Open/ }).click();

  // Opening it marks it read and leads to the segment, which says what needs attention.
  await expect(page).toHaveURL(bigUrl);
  await expect(page.getByTestId("segment-health")).toContainText("Broken reference");
  await expect(page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Notifications", exact: true }).click();
  await expect(panel.getByRole("listitem").first()).not.toContainText("Unread");
  await expect(panel.getByRole("button", { name: /^Mark read/ })).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Mark all read" })).toBeDisabled();

  // Restoring VIP resolves it: the list is clean and the notification says so.
  await page.keyboard.press("Escape");
  await page.goto(vipUrl);
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Archived", { exact: true })).toBeHidden();
  await page.goto(`/w/${slug}/segments`);
  await expect(page.getByRole("row").filter({ hasText: "Big spenders" })).toBeVisible();
  await expect(page.getByTestId("segment-health")).toHaveCount(0);
  await expect(async () => {
    await page.reload();
    await page.getByRole("button", { name: "Notifications", exact: true }).click();
    await expect(panel.getByText("Resolved")).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });

  // Admins find the reconciliation log from the segment page: nothing had to be corrected here.
  await page.keyboard.press("Escape");
  await page.goto(bigUrl);
  await expect(page.getByText(/Not reconciled yet|Last reconciled/)).toBeVisible();
  await page.getByRole("link", { name: "Reconciliation log" }).click();
  await expect(page.getByTestId("reconciliation-week")).toHaveText("Last 7 days: nothing to correct.");
  await expect(page.getByText("No reconciliation has had to correct anything.")).toBeVisible();
});
