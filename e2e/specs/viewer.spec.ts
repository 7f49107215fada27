import { expect, test } from "@playwright/test";
import { acceptAsNewUser, createWorkspace, invite, newClientAddress, newEmail, signUp } from "./helpers";

test("a viewer sees the rule builder, the campaign editor and the clustering form read-only", async ({ page, browser }) => {
  await signUp(page, "Ed Editor", newEmail("owner"));
  const slug = await createWorkspace(page, `Read only ${Date.now()}`);

  // The owner saves a segment with one condition and a campaign targeting it.
  await page.goto(`/w/${slug}/segments/new`);
  await page.getByRole("button", { name: "+ Attribute condition" }).click();
  await page.getByLabel("Operator").first().selectOption("is_set");
  await page.getByLabel("Name", { exact: true }).fill("Everyone with a rule");
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByRole("heading", { name: "Everyone with a rule" })).toBeVisible();
  const segmentUrl = new URL(page.url()).pathname;
  await page.goto(`/w/${slug}/campaigns/new`);
  await page.getByLabel("Name", { exact: true }).fill("Read me");
  await page.getByRole("button", { name: "Save campaign" }).click();
  await expect(page.getByRole("heading", { name: "Read me" })).toBeVisible();
  const campaignUrl = new URL(page.url()).pathname;

  const link = await invite(page, slug, newEmail("viewer"), "viewer");
  // From their own client address: sign-ups are paced per address (see helpers.ts).
  const viewerContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": newClientAddress() } });
  const viewer = await viewerContext.newPage();
  await acceptAsNewUser(viewer, link, "Vera Viewer", slug);

  // The segment: the rule is shown with every control disabled and nothing to add, move or remove.
  await viewer.goto(segmentUrl);
  const rule = viewer.getByRole("group", { name: "Rule", exact: true });
  await expect(rule.getByLabel("Attribute").first()).toBeVisible();
  await expect(viewer.getByTestId("read-only").first()).toBeVisible();
  await expect(rule.getByLabel("Attribute").first()).toBeDisabled();
  await expect(rule.getByLabel("Operator").first()).toBeDisabled();
  await expect(viewer.getByLabel("Rule: match")).toBeDisabled();
  await expect(rule.getByRole("checkbox", { name: "exclude them instead" })).toBeDisabled();
  await expect(viewer.getByRole("button", { name: "+ Attribute condition" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "+ Event condition" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Remove condition 1" })).toHaveCount(0);
  await expect(viewer.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(viewer.getByLabel("Refresh members")).toBeDisabled();
  await expect(viewer.getByRole("button", { name: /Save/ })).toHaveCount(0);
  // ... while the live preview still counts for them.
  await expect(viewer.getByTestId("live-count")).toHaveText("0");

  // The campaign: every field disabled, no save.
  await viewer.goto(campaignUrl);
  await expect(viewer.getByLabel("Name", { exact: true })).toHaveValue("Read me");
  await expect(viewer.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(viewer.getByLabel("Add a target segment")).toBeDisabled();
  await expect(viewer.getByLabel("Holdout (%)")).toBeDisabled();
  await expect(viewer.getByRole("button", { name: /Save/ })).toHaveCount(0);

  // A new segment or campaign typed into the address bar is read-only too.
  await viewer.goto(`/w/${slug}/segments/new`);
  await expect(viewer.getByTestId("read-only").first()).toBeVisible();
  await expect(viewer.getByRole("button", { name: "+ Attribute condition" })).toHaveCount(0);
  await viewer.goto(`/w/${slug}/campaigns/new`);
  await expect(viewer.getByLabel("Name", { exact: true })).toBeDisabled();

  // Clustering: the form is disabled.
  await viewer.goto(`/w/${slug}/discover`);
  await expect(viewer.getByRole("button", { name: "Run clustering" })).toBeDisabled();
  await expect(viewer.getByLabel("Seed")).toBeDisabled();
  await viewerContext.close();
});
