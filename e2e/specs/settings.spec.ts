import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

/** Errors the page reports while it loads: console errors (React logs hydration mismatches there) and uncaught ones. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test("every settings page, API keys included, loads from the server without a hydration error", async ({ page }) => {
  await signUp(page, "Hydra Tion", newEmail("hydration"));
  const slug = await createWorkspace(page, `Hydration ${Date.now()}`);
  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Key name").fill("Website tracking");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("New API key")).toHaveValue(/\S{20,}/);

  const errors = collectErrors(page);
  for (const tab of ["", "/members", "/attributes", "/api-keys", "/ingest-log", "/destinations", "/audit"]) {
    errors.length = 0;
    // A full load: the server renders the page, then the browser hydrates it.
    await page.goto(`/w/${slug}/settings${tab}`);
    await expect(page.getByRole("navigation", { name: "Settings" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    if (tab === "/api-keys") {
      await expect(page.getByText("Website tracking")).toBeVisible();
      await expect(page.getByTestId("app-origin")).toHaveText(new URL(page.url()).origin);
    }
    expect(errors, `errors on settings${tab || " (general)"}`).toEqual([]);
  }
});
