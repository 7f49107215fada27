import { expect, type Page } from "@playwright/test";

export const newEmail = (who: string) => `${who}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
export const password = "correct horse battery";

/** A client address of its own (the server trusts the test runner as a proxy; see playwright.config.ts). */
export const newClientAddress = () => `198.18.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

export async function signUp(page: Page, name: string, email: string, from = "/sign-up") {
  // Sign-ups and sign-ins are paced per client address: each person who signs up comes from their own.
  await page.context().setExtraHTTPHeaders({ "x-forwarded-for": newClientAddress() });
  await page.goto(from);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, email: string, pw = password) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(pw);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function createWorkspace(page: Page, name: string): Promise<string> {
  await expect(page.getByRole("heading", { name: "Create a workspace" })).toBeVisible();
  await page.getByLabel("Workspace name").fill(name);
  const slug = await page.getByLabel("URL name").inputValue();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
  return slug;
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** An admin invites `email` with `role` from Members settings; returns the invitation link shown to copy. */
export async function invite(page: Page, slug: string, email: string, role: "viewer" | "editor" | "admin"): Promise<string> {
  await page.goto(`/w/${slug}/settings/members`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Invite" }).click();
  return page.getByLabel("Invitation link").inputValue();
}

/** Someone new opens an invitation link, creates their account and joins. */
export async function acceptAsNewUser(page: Page, link: string, name: string, slug: string) {
  await page.goto(new URL(link).pathname);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Accept and join" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
}

/**
 * Makes a demo workspace from the Workspaces page and returns its slug once it is open. Demo creation is a
 * job: this waits on its state (the workspace page opening, or the job's failure shown), never on a clock;
 * the test's own limit is the only bound.
 */
export async function createDemoWorkspace(page: Page, customers = "1000"): Promise<string> {
  await expect(page.getByRole("heading", { name: "Try a demo workspace" })).toBeVisible();
  await page.getByLabel("Customers").selectOption(customers);
  await page.getByRole("button", { name: "Create demo workspace" }).click();
  const failed = page.getByText("The demo workspace couldn't be made");
  await Promise.race([
    page.waitForURL(/\/w\/tempo-demo-/, { timeout: 0 }),
    failed.waitFor({ timeout: 0 }).then(async () => {
      throw new Error(`Demo creation failed: ${await failed.textContent()}`);
    }),
  ]);
  return new URL(page.url()).pathname.split("/")[2]!;
}
