import { expect, test } from "@playwright/test";
import { newEmail, signUp } from "./helpers";

test("a demo workspace is made in the background with its progress shown, also after a reload, and opens when done", async ({ page }) => {
  await signUp(page, "Devi Demo", newEmail("demo-progress"));
  await expect(page.getByRole("heading", { name: "Try a demo workspace" })).toBeVisible();
  await page.getByLabel("Customers").selectOption("10000");
  await page.getByRole("button", { name: "Create demo workspace" }).click();

  const bar = page.getByRole("progressbar", { name: "Demo workspace" });
  await expect(bar).toHaveAttribute("aria-valuetext", /^Generating [\d,]+ of 10,000 customers…$/);
  await expect(page.getByRole("status").filter({ hasText: /of 10,000 customers/ })).toBeVisible();
  // Nobody sees the workspace before it is complete.
  await expect(page.getByRole("link", { name: /Tempo \(demo\)/ })).toHaveCount(0);

  // The job goes on without the page: reloaded mid-way, the page finds it again and follows it until the
  // workspace opens (had it finished first, the list shows it).
  await page.reload();
  const listed = page.getByRole("link", { name: /Tempo \(demo\)/ });
  await expect(async () => expect(/\/w\/tempo-demo-/.test(page.url()) || (await listed.count()) > 0).toBe(true)).toPass({ timeout: 0 });
  await page.goto("/workspaces");
  await expect(page.getByRole("link", { name: /Tempo \(demo\)/ })).toHaveCount(1);
});
