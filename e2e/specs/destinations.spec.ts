import { expect, test } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

test("a webhook to loopback written as an IPv4-mapped IPv6 address is refused until an admin allows private ones", async ({ page }) => {
  await signUp(page, "Wendy Webhook", newEmail("webhook"));
  const slug = await createWorkspace(page, `Webhooks ${Date.now().toString(36)}`);
  await page.goto(`/w/${slug}/settings/destinations`);
  const add = async (name: string, url: string) => {
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("URL", { exact: true }).fill(url);
    await page.getByRole("button", { name: "Add" }).click();
  };
  // Port 9 (discard): nothing is ever sent here; the address is only checked.
  await add("Sneaky", "http://[::ffff:127.0.0.1]:9/hook");
  const refusal = (text: string) => page.getByRole("alert").filter({ hasText: text });
  await expect(refusal("::ffff:7f00:1 (127.0.0.1) is a loopback address, not a public one.")).toBeVisible();
  await add("Sneaky", "http://[64:ff9b::a9fe:a9fe]/latest");
  await expect(refusal("64:ff9b::a9fe:a9fe (169.254.169.254) is a link-local address")).toBeVisible();
  await expect(page.getByText("None yet.")).toBeVisible();

  const allow = page.getByLabel("Allow private and loopback addresses for this workspace");
  // A controlled checkbox: it shows the saved setting once the server has stored it.
  await allow.click();
  await expect(allow).toBeChecked();
  await expect(allow).toBeEnabled();
  await add("Local receiver", "http://[::ffff:127.0.0.1]:9/hook");
  // Exact: the "Destination \"Local receiver\" added" toast holds the name too.
  await expect(page.getByText("Local receiver", { exact: true })).toBeVisible();
});
