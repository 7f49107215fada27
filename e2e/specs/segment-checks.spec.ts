import { expect, test } from "@playwright/test";
import { createDemoWorkspace, newEmail, signUp } from "./helpers";

test("add a check to a segment, see it pass, edit it by keyboard to see it fail with its cause, then delete it", async ({ page }) => {
  await signUp(page, "Cleo Checks", newEmail("checks"));
  const slug = await createDemoWorkspace(page);
  await page.goto(`/w/${slug}/segments`);
  await page.getByRole("link", { name: "Busy professionals" }).click();

  const checks = page.getByRole("region", { name: "Checks" });
  await expect(checks.getByText("No checks yet")).toBeVisible();
  await checks.getByRole("button", { name: "Add a check" }).click();

  const form = checks.getByRole("form", { name: "New check" });
  await expect(form.getByLabel("Check")).toHaveValue("size");
  // Out of range first: the field says what's wrong.
  await form.getByLabel("At most (% of customers)").fill("120");
  await form.getByRole("button", { name: "Add check" }).click();
  await expect(form.getByText("Use 100 or less (a percentage)")).toBeVisible();

  await form.getByLabel("At least (% of customers)").fill("1");
  await form.getByLabel("At most (% of customers)").fill("90");
  await form.getByRole("button", { name: "Add check" }).click();
  const check = checks.getByTestId("segment-check");
  await expect(check).toHaveCount(1);
  await expect(check).toContainText("Passing");
  await expect(check).toContainText("Size between 1% and 90% of customers");
  await expect(check).toContainText(/\d+(\.\d)?% of customers \([\d,]+ of 1,000\)/);

  // By keyboard: open the editor, tighten the bounds so the check fails, save with Enter.
  await checks.getByRole("button", { name: "Edit check: Size between 1% and 90% of customers" }).press("Enter");
  const edit = checks.getByRole("form", { name: "Edit check" });
  await expect(edit.getByLabel("Check")).toBeFocused();
  await page.keyboard.press("Tab"); // measured as
  await page.keyboard.press("Tab"); // at least
  await expect(edit.getByLabel("At least (% of customers)")).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("0");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("0.5");
  await page.keyboard.press("Enter");
  await expect(check).toContainText("Failing");
  await expect(check).toContainText("Size between 0% and 0.5% of customers");
  // The cause comes from the segment's change log (the demo made the segment within the day).
  await expect(check).toContainText(/Cause: \+[\d,]+ entered (at \d\d:\d\d|\d\d:\d\d–\d\d:\d\d) UTC: the segment was created/);
  // Its history, newest first.
  await check.getByText("History").click();
  await expect(check.getByRole("listitem").first()).toContainText("passing → failing when the check was saved");

  // Deleting asks first; cancelling keeps it.
  await checks.getByRole("button", { name: "Delete check: Size between 0% and 0.5% of customers" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this check?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(check).toHaveCount(1);
  await checks.getByRole("button", { name: "Delete check: Size between 0% and 0.5% of customers" }).click();
  await dialog.getByRole("button", { name: "Delete check" }).click();
  await expect(checks.getByText("No checks yet")).toBeVisible();
});
