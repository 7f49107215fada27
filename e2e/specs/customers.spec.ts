import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { createDemoWorkspace, createWorkspace, newEmail, signUp } from "./helpers";

const datasets = join(import.meta.dirname, "..", "..", "fixtures", "datasets");

test("a demo workspace, filtered by attributes, with an attribute retyped after a preview", async ({ page }) => {
  await signUp(page, "Dana Demo", newEmail("demo"));
  const slug = await createDemoWorkspace(page);

  await page.goto(`/w/${slug}/customers`);
  await expect(page.getByText("1,000 customers")).toBeVisible();
  // Filter: paying customers only.
  await page.getByRole("button", { name: "Add filter" }).click();
  const form = page.getByRole("form", { name: "New filter" });
  await form.getByLabel("Attribute").selectOption({ label: "Plan" });
  await expect(form.getByLabel("Operator")).toHaveValue("in");
  await form.getByLabel("Pro").check();
  await form.getByLabel("Team").check();
  await form.getByRole("button", { name: "Apply filter" }).click();
  await expect(page.getByText("Plan is any of Pro, Team")).toBeVisible();
  const filtered = page.getByText(/^[\d,]+ customers \(1 filter\)$/);
  // The previous count stays on screen until the filtered one arrives.
  await expect.poll(async () => Number((await filtered.textContent())!.split(" ")[0]!.replace(",", ""))).toBeLessThan(1000);
  const paying = Number((await filtered.textContent())!.split(" ")[0]!.replace(",", ""));
  expect(paying).toBeGreaterThan(300);
  expect(paying).toBeLessThan(900);
  // The filter survives a reload (it lives in the URL), and a second one narrows further.
  await page.reload();
  await expect(page.getByText("Plan is any of Pro, Team")).toBeVisible();
  await page.getByRole("button", { name: "Add filter" }).click();
  await form.getByLabel("Attribute").selectOption({ label: "Age" });
  await form.getByLabel("Operator").selectOption("lt");
  await form.getByLabel("Value").fill("25");
  await form.getByRole("button", { name: "Apply filter" }).click();
  await expect(page.getByText("Age < 25")).toBeVisible();
  await expect(page.getByText(/customers \(2 filters\)$/)).toBeVisible();
  await page.getByRole("button", { name: "Remove filter Plan is any of Pro, Team" }).click();
  await page.getByRole("button", { name: "Remove filter Age < 25" }).click();
  await expect(page.getByText("1,000 customers")).toBeVisible();

  // Retype Occupation (text) into one of a list: the preview says what happens first.
  await page.goto(`/w/${slug}/settings/attributes`);
  const row = page.getByRole("row").filter({ hasText: "occupation" });
  await row.getByRole("button", { name: "Change type" }).click();
  const dialog = page.getByRole("dialog", { name: "Change the type of Occupation" });
  await dialog.getByLabel("New type").selectOption("enum");
  await expect(dialog.getByTestId("retype-preview")).toContainText("1,000 customers of 1,000 with a value will keep it");
  await expect(dialog.getByTestId("retype-preview")).toContainText("Allowed values:");
  await dialog.getByRole("button", { name: "Change type", exact: true }).click();
  await expect(page.getByText("Occupation is now one of a list")).toBeVisible();
  await expect(row).toContainText("One of a list");
});

test("import purchase events from a retail export: one event per invoice, revenue computed, cancellations as refunds", async ({ page }) => {
  await signUp(page, "Rita Retail", newEmail("retail"));
  const slug = await createWorkspace(page, `Retail ${Date.now()}`);
  await page.goto(`/w/${slug}/customers/import?kind=events`);
  await expect(page.getByRole("heading", { name: "Import events" })).toBeVisible();
  await page.getByLabel("CSV file").setInputFiles(join(datasets, "online-retail-2010-12-01.csv"));
  await expect(page.getByRole("heading", { name: "Import events from online-retail-2010-12-01.csv" })).toBeVisible();
  await expect(page.getByLabel("Mapping of InvoiceNo")).toHaveValue("eventId");
  await expect(page.getByLabel("Mapping of CustomerID")).toHaveValue("customerKey");
  await expect(page.getByLabel("Mapping of InvoiceDate")).toHaveValue("time");
  await expect(page.getByLabel("Mapping of Quantity")).toHaveValue("quantity");
  await expect(page.getByLabel("Mapping of UnitPrice")).toHaveValue("unitPrice");
  await expect(page.getByLabel("Customers are identified by")).toHaveValue("externalId");
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByTestId("import-counts")).toContainText(
    "Rows read3,108Will create events127Already stored (skipped)0Will create customers98Rejected rows1,140",
  );
  await expect(page.getByRole("cell", { name: "No customer ID: the event has no customer." }).first()).toBeVisible();
  await page.getByRole("button", { name: "Import 127 events" }).click();
  await expect(page.getByRole("heading", { name: "Imported", exact: true })).toBeVisible();

  await page.goto(`/w/${slug}/customers?q=17850`);
  await page.getByRole("link", { name: "17850", exact: true }).click();
  await expect(page.getByRole("heading", { name: "17850" })).toBeVisible();
  await expect(page.getByText("1499.34")).toBeVisible();
  await expect(page.getByText("purchase").first()).toBeVisible();
});

test("with filters and no match, the table names the filters and clears them", async ({ page }) => {
  await signUp(page, "Nomi Match", newEmail("nomatch"));
  const slug = await createWorkspace(page, `No match ${Date.now()}`);
  await page.goto(`/w/${slug}/customers`);
  await page.getByRole("button", { name: "Add customer" }).click();
  await page.getByRole("dialog").getByLabel("Email").fill("ada@example.com");
  await page.getByRole("dialog").getByRole("button", { name: "Add customer" }).click();
  await expect(page).toHaveURL(/\/customers\/cus_/);

  const filters = [{ type: "attribute", attribute: "email", operator: "contains", value: "zzz" }];
  await page.goto(`/w/${slug}/customers?filters=${encodeURIComponent(JSON.stringify(filters))}`);
  const noMatch = page.getByTestId("no-match");
  await expect(noMatch).toContainText("No customers match the filter Email contains zzz.");
  await expect(noMatch).not.toContainText('""');
  await noMatch.getByRole("button", { name: "Clear the filter" }).click();
  await expect(page.getByRole("link", { name: "ada@example.com" })).toBeVisible();
  await expect(page).not.toHaveURL(/filters=/);
});
