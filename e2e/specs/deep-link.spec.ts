import { expect, test } from "@playwright/test";
import { createWorkspace, newEmail, password, signOut, signUp } from "./helpers";

test("signing in from a deep link comes back to that page, query included", async ({ page, baseURL }) => {
  const email = newEmail("deeplink");
  await signUp(page, "Dee Link", email);
  const slug = await createWorkspace(page, `Deep ${Date.now()}`);
  await signOut(page);

  const deep = `/w/${slug}/segments/new?from=email`;
  await page.goto(deep);
  await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}${deep}`);

  // Auth.js's own callbackUrl (absolute, same origin) is honoured too; another origin's is not.
  await signOut(page);
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(`${baseURL}/w/${slug}/customers`)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}/w/${slug}/customers`);

  await signOut(page);
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("https://evil.example/w/x")}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseURL}/w/${slug}`);
});
