import { expect, test } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

test("smoke: sign up, create a workspace, see the dashboard", async ({ page }) => {
  await signUp(page, "Sam Smoke", newEmail("smoke"));
  // The first request to touch a fresh PGlite server opens the database (2 s idle, 10 s seen on a loaded 2-core machine).
  await expect(page).toHaveURL(/\/workspaces$/, { timeout: 30_000 });
  const slug = await createWorkspace(page, `Smoke ${Date.now()}`);
  await expect(page.getByTestId("count-members")).toHaveText("1");
  await page.getByRole("link", { name: "Customers" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/customers$`));
  await expect(page.getByRole("heading", { name: "No customers yet" })).toBeVisible();
});
