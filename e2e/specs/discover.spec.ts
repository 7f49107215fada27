import { expect, test } from "@playwright/test";
import { newEmail, signUp } from "./helpers";

test("run clustering on the demo workspace and save a cluster as a segment", async ({ page }) => {
  await signUp(page, "Dee Discover", newEmail("discover"));
  await page.getByLabel("Customers").selectOption("1000");
  await page.getByRole("button", { name: "Create demo workspace" }).click();
  await expect(page).toHaveURL(/\/w\/tempo-demo-/, { timeout: 30_000 });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Discover" }).click();
  await page.getByLabel(/^Age/).check();
  await page.getByLabel(/^Weekly active days/).check();
  await page.getByLabel(/^Plan/).check();
  await page.getByLabel("From k").fill("3");
  await page.getByLabel("To k").fill("5");
  await page.getByRole("button", { name: "Run clustering" }).click();
  await expect(page.getByTestId("chosen-k")).toContainText(/\d clusters of 1,000 customers/, { timeout: 30_000 });
  await expect(page.getByRole("img", { name: /Elbow and silhouette for k = 3 to 5/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Scatter of \d+ members/ })).toBeVisible();

  const first = page.getByRole("region", { name: "Cluster 1" });
  await first.getByLabel("Segment name").fill("Discovered: cluster one");
  await first.getByRole("button", { name: "Save as segment" }).click();
  await expect(first.getByText(/Saved: Discovered: cluster one \([\d,]+ members\)/)).toBeVisible();
  await first.getByRole("link", { name: "Discovered: cluster one" }).click();
  await expect(page.getByRole("heading", { name: "Discovered: cluster one" })).toBeVisible();
  // An ordinary segment: its rule is in the builder, editable.
  await expect(page.getByTestId("rule-summary")).toContainText("Age between");
});
