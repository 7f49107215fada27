import { expect, test } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

test("the rule builder links to the segment definition format, generated from the validators", async ({ page, context }) => {
  await signUp(page, "Dana Docs", newEmail("docs"));
  const slug = await createWorkspace(page, `Docs ${Date.now()}`);
  await page.goto(`/w/${slug}/segments/new`);
  const [docs] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "How rules work" }).click()]);
  await expect(docs).toHaveURL(/\/docs\/segment-definitions$/);
  await expect(docs.getByRole("heading", { name: "Segment definitions" })).toBeVisible();
  // Every operator of every type has a row with its boundary behaviour and an example.
  const withinLast = docs.getByRole("row").filter({ hasText: "within_last_days" }).first();
  await expect(withinLast).toContainText("a date ahead of now is not in it");
  await expect(docs.getByRole("row").filter({ hasText: "is_not_set" })).toHaveCount(6);
  await expect(docs.getByText("A customer without a value matches only")).toBeVisible();
});
