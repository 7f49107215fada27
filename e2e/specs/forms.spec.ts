import { expect, test } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

const zodWording = /Too (small|big)|Invalid (input|option)|expected (string|number)/;

test("a form shows what doesn't fit on the field, in words: a holdout over 50% and a tag too long", async ({ page }) => {
  await signUp(page, "Fran Forms", newEmail("forms"));
  const slug = await createWorkspace(page, `Forms ${Date.now()}`);

  // A holdout of 120% is refused on its field (it used to be clamped to 50 without a word).
  await page.goto(`/w/${slug}/campaigns/new`);
  await page.getByLabel("Name", { exact: true }).fill("Big holdout");
  await page.getByLabel("Holdout (%)").fill("120");
  await page.getByRole("button", { name: "Save campaign" }).click();
  await expect(page.getByLabel("Holdout (%)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Holdout (%)")).toHaveAccessibleDescription("Hold out at most 50%");
  await expect(page.getByLabel("Holdout (%)")).toHaveValue("120");
  await expect(page).toHaveURL(/\/campaigns\/new$/);
  await page.getByLabel("Holdout (%)").fill("20");
  await page.getByRole("button", { name: "Save campaign" }).click();
  await expect(page.getByRole("heading", { name: "Big holdout" })).toBeVisible();

  // A tag over 40 characters: the validators' words, under Tags.
  await page.goto(`/w/${slug}/segments/new`);
  await page.getByLabel("Name", { exact: true }).fill("Tagged");
  await page.getByLabel("Tags").fill("t".repeat(41));
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByLabel("Tags")).toHaveAccessibleDescription("Use at most 40 characters");
  await expect(page.locator("body")).not.toContainText(zodWording);
});
