import { expect, test } from "@playwright/test";
import { createWorkspace, newClientAddress, newEmail, signIn, signOut, signUp } from "./helpers";

test("an owner invites a viewer, who joins, can't edit, and signs out; outsiders get not-found", async ({ page, browser }) => {
  const ownerEmail = newEmail("owner");
  const viewerEmail = newEmail("viewer");
  const wsName = `Growth Team ${Date.now()}`;

  // The owner signs up and creates a workspace.
  await signUp(page, "Olivia Owner", ownerEmail);
  await expect(page).toHaveURL(/\/workspaces$/);
  const slug = await createWorkspace(page, wsName);
  await expect(page.getByRole("heading", { name: wsName })).toBeVisible();
  await expect(page.getByTestId("count-members")).toHaveText("1");

  // ... and invites a viewer; with no mail server the link is shown to copy.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email").fill(viewerEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]+$/);
  await expect(page.getByRole("listitem").filter({ hasText: viewerEmail })).toContainText("Viewer");

  // The viewer opens the link in their own browser, creates an account and accepts.
  // From their own client address: sign-ups are paced per address (see helpers.ts).
  const viewerContext = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": newClientAddress() } });
  const viewer = await viewerContext.newPage();
  await viewer.goto(new URL(link).pathname);
  await expect(viewer.getByRole("heading", { name: `Join ${wsName} on Facet` })).toBeVisible();
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await expect(viewer.getByLabel("Email")).toHaveValue(viewerEmail);
  await viewer.getByLabel("Name", { exact: true }).fill("Victor Viewer");
  await viewer.getByLabel("Password").fill("correct horse battery");
  await viewer.getByRole("button", { name: "Create account" }).click();
  await viewer.getByRole("button", { name: "Accept and join" }).click();
  await expect(viewer).toHaveURL(new RegExp(`/w/${slug}$`));

  // The viewer can read but not edit.
  await viewer.getByRole("link", { name: "Settings" }).click();
  await expect(viewer.getByText("Only admins and owners can change these.")).toBeVisible();
  await expect(viewer.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(viewer.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await viewer.getByRole("link", { name: "Members" }).click();
  await expect(viewer.getByText("Olivia Owner")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Invite" })).toHaveCount(0);
  await expect(viewer.getByRole("combobox", { name: /Role of/ })).toHaveCount(0);
  await signOut(viewer);
  await viewer.goto(`/w/${slug}`);
  await expect(viewer).toHaveURL(/\/sign-in/);

  // The owner sees the new member and the audit trail.
  await page.reload();
  await expect(page.getByText("Victor Viewer")).toBeVisible();
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByText(`${viewerEmail} joined as viewer`)).toBeVisible();
  await expect(page.getByText(`Invited ${viewerEmail} as viewer`)).toBeVisible();

  // Someone with no membership gets a not-found page for the workspace's URL.
  const outsiderContext = await browser.newContext();
  const outsider = await outsiderContext.newPage();
  await signUp(outsider, "Oscar Outsider", newEmail("outsider"));
  await expect(outsider).toHaveURL(/\/workspaces$/);
  await outsider.goto(`/w/${slug}/settings/members`);
  await expect(outsider.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(outsider.getByText("Olivia Owner")).toHaveCount(0);

  // The owner signs out and back in.
  await signOut(page);
  await signIn(page, ownerEmail);
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
  await viewerContext.close();
  await outsiderContext.close();
});

test("an owner renames the workspace and deletes it after typing its URL name", async ({ page }) => {
  await signUp(page, "Rita Renamer", newEmail("renamer"));
  const slug = await createWorkspace(page, `Rename Me ${Date.now()}`);
  await page.goto(`/w/${slug}/settings`);
  await page.getByLabel("Name", { exact: true }).fill("Renamed Workspace");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Workspace saved")).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Workspace", exact: true })).toContainText("Renamed Workspace");

  await page.getByRole("button", { name: "Delete workspace…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Delete forever" })).toBeDisabled();
  await dialog.getByLabel("Workspace URL name").fill(slug);
  await dialog.getByRole("button", { name: "Delete forever" }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(page.getByText("You're not in a workspace yet")).toBeVisible();
});
