import { expect, test } from "@playwright/test";
import { createDemoWorkspace, createWorkspace, newEmail, signUp } from "./helpers";

test("run clustering on the demo workspace and save a cluster as a segment", async ({ page }) => {
  await signUp(page, "Dee Discover", newEmail("discover"));
  await createDemoWorkspace(page);

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

test("score RFM on the demo workspace, read the grid, and save a group as a segment", async ({ page }) => {
  await signUp(page, "Rafa Rfm", newEmail("rfm"));
  await createDemoWorkspace(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Discover" }).click();
  await page.getByRole("tab", { name: "RFM" }).click();
  await page.getByRole("button", { name: "Score customers" }).click();
  await expect(page.getByTestId("rfm-summary")).toContainText(/[\d,]+ customers scored of 1,000/, { timeout: 30_000 });
  await expect(page.getByRole("table", { name: "RFM grid" })).toBeVisible();
  const groups = page.getByRole("table", { name: "RFM groups" });
  const champions = groups.getByRole("row").filter({ hasText: "Champions" });
  const count = Number((await champions.getByRole("cell").nth(1).textContent())!.replace(/\D/g, ""));
  expect(count).toBeGreaterThan(0);
  await champions.getByRole("button", { name: "Save Champions as a segment" }).click();
  await champions.getByRole("link", { name: "Saved" }).click();
  await expect(page.getByRole("heading", { name: "RFM: Champions" })).toBeVisible();
  await expect(page.getByText(`${count.toLocaleString("en-US")} member`).first()).toBeVisible();
  // A member's profile shows their scores among their attributes, and the segment they are in because of them.
  await page.getByRole("region", { name: "Members" }).getByRole("listitem").first().getByRole("link").click();
  const rfmGroup = page.locator("dl > div").filter({ has: page.locator("dt", { hasText: /^RFM group$/ }) });
  await expect(rfmGroup.locator("dd")).toHaveText("Champions");
  await expect(page.getByText("RFM: Champions").first()).toBeVisible();
});

test("the clustering footnote belongs to the Clustering tab, not to RFM", async ({ page }) => {
  await signUp(page, "Fay Footnote", newEmail("footnote"));
  const slug = await createWorkspace(page, `Footnotes ${Date.now()}`);
  await page.goto(`/w/${slug}/discover`);
  const footnote = page.getByText("Values are standardized (mean 0, sd 1) before clustering");
  await expect(footnote).toBeVisible();
  await page.getByRole("tab", { name: "RFM" }).click();
  await expect(page.getByRole("tab", { name: "RFM" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("button", { name: "Score customers" })).toBeVisible();
  await expect(footnote).toHaveCount(0);
  await page.getByRole("tab", { name: "Clustering" }).click();
  await expect(footnote).toBeVisible();
});
