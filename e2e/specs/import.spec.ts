import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, newEmail, signUp } from "./helpers";

const datasets = join(import.meta.dirname, "..", "..", "fixtures", "datasets");

async function importFile(page: Page, slug: string, file: string) {
  await page.goto(`/w/${slug}/customers`);
  await page.getByRole("link", { name: "Import CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles(join(datasets, file));
  await expect(page.getByRole("heading", { name: `Import ${file}` })).toBeVisible();
}

test("import mall-customers.csv and marketing-campaign.csv through the wizard", async ({ page }) => {
  await signUp(page, "Ivy Importer", newEmail("importer"));
  const slug = await createWorkspace(page, `Imports ${Date.now()}`);
  await page.getByRole("link", { name: "Customers" }).click();
  await expect(page.getByRole("heading", { name: "No customers yet" })).toBeVisible();

  // Mall customers: the proposed mapping is right; check, then import.
  await importFile(page, slug, "mall-customers.csv");
  await expect(page.getByLabel("Mapping of CustomerID")).toHaveValue("externalId");
  await expect(page.getByLabel("Type of Gender")).toHaveValue("enum");
  await expect(page.getByLabel("Type of Age")).toHaveValue("number");
  await expect(page.getByLabel("Match customers by")).toHaveValue("externalId");
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByRole("heading", { name: "Dry run: what the import will do" })).toBeVisible();
  await expect(page.getByTestId("import-counts")).toContainText("Will create200");
  await page.getByRole("button", { name: "Import 200 customers" }).click();
  await expect(page.getByRole("heading", { name: "Imported", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "See your customers" }).click();
  await expect(page.getByText("200 customers")).toBeVisible();

  // Marketing campaign: semicolons and a BOM; one attribute retyped by hand before the check.
  await importFile(page, slug, "marketing-campaign.csv");
  await expect(page.getByLabel("Separator")).toHaveValue(";");
  await expect(page.getByLabel("Mapping of ID")).toHaveValue("externalId");
  await page.getByLabel("Type of Complain").selectOption("boolean");
  await page.getByLabel("Dimension of Complain").selectOption("needs");
  await page.getByLabel("Mode").selectOption("create");
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  // 36 of its IDs are already taken by mall customers: "create" mode rejects those rows.
  await expect(page.getByTestId("import-counts")).toContainText("Will create2,204Will update0Rejected36");
  await expect(page.getByRole("cell", { name: /already exists \(mode: create new only\)/ }).first()).toBeVisible();
  await page.getByRole("button", { name: "Import 2,204 customers" }).click();
  await expect(page.getByRole("heading", { name: "Imported", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "See your customers" }).click();
  await expect(page.getByText("2,404 customers")).toBeVisible();

  // Find one by its id, open the profile, see its attributes by dimension.
  await page.getByLabel("Search customers").fill("5524");
  await expect(page.getByText('1 customer matching "5524"')).toBeVisible();
  await page.getByRole("link", { name: "5524", exact: true }).click();
  await expect(page.getByRole("heading", { name: "5524" })).toBeVisible();
  await expect(page.getByText("Needs-based")).toBeVisible();
  await expect(page.getByText("Marital_Status")).toBeVisible();
  await expect(page.getByText("Single", { exact: true })).toBeVisible();
});

test("a file with bad rows shows them before import, with a downloadable report", async ({ page }) => {
  await signUp(page, "Rex Rejects", newEmail("rejects"));
  const slug = await createWorkspace(page, `Rejects ${Date.now()}`);
  await page.goto(`/w/${slug}/customers/import`);
  await page.getByLabel("CSV file").setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("email,age\nada@example.com,36\nnot-an-email,40\nbob@example.com,forty\n"),
  });
  await expect(page.getByLabel("Type of age")).toHaveValue("string");
  await page.getByLabel("Type of age").selectOption("number");
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByTestId("import-counts")).toContainText("Rejected2");
  await expect(page.getByRole("cell", { name: '"forty" is not a number' })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download all 2 rejected rows/ }).click();
  const report = await (await download).path();
  const { readFile } = await import("node:fs/promises");
  expect(await readFile(report, "utf8")).toContain('4,age,"""forty"" is not a number"');
  await page.getByRole("button", { name: "Import 1 customer" }).click();
  await expect(page.getByRole("heading", { name: "Imported", exact: true })).toBeVisible();
});

test("a NUL byte past the first 64 KB rejects that row with its line, and the others import", async ({ page }) => {
  await signUp(page, "Nel Nul", newEmail("nul"));
  const slug = await createWorkspace(page, `Nul ${Date.now()}`);
  await page.goto(`/w/${slug}/customers/import`);
  const rows = Array.from({ length: 1999 }, (_, i) => `person${i + 2}@example.com,Person number ${i + 2} of this file`);
  const nul = 1700 - 2; // the row on line 1,700
  rows[nul] = `person1700@example.com,Person \u0000 number 1700`;
  const buffer = Buffer.from(["email,name", ...rows].join("\n") + "\n");
  expect(buffer.indexOf(0)).toBeGreaterThan(64 * 1024);
  await page.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer });
  await expect(page.getByLabel("Mapping of email")).toHaveValue("email");
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByTestId("import-counts")).toContainText("Will create1,998Will update0Rejected1");
  await expect(page.getByRole("cell", { name: "Line 1,700 contains a NUL byte: binary data, not text." })).toBeVisible();
  await page.getByRole("button", { name: "Import 1,998 customers" }).click();
  await expect(page.getByRole("heading", { name: "Imported", exact: true })).toBeVisible();
  await expect(page.getByTestId("import-counts")).toContainText("Created1,998");
});
