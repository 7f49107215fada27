import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createDemoWorkspace, newEmail, signUp } from "./helpers";

test("build a two-segment campaign with two variants and a holdout, launch it, and download its audience", async ({ page }) => {
  await signUp(page, "Cam Paign", newEmail("campaigns"));
  await createDemoWorkspace(page);

  await page.getByRole("link", { name: "Campaigns" }).click();
  await expect(page.getByRole("heading", { name: "No campaigns yet" })).toBeVisible();
  await page.getByRole("link", { name: "New campaign" }).first().click();
  await page.getByLabel("Name", { exact: true }).fill("Back to study");
  const target = async (name: string) => {
    const select = page.getByLabel("Add a target segment");
    await select.selectOption(await select.locator("option", { hasText: new RegExp(`^${name} \\(`) }).getAttribute("value"));
  };
  await target("Students");
  await target("Freelancers");
  // The audience size once it is counted for both targets (the editor marks an earlier set's count as busy).
  await expect(page.getByRole("group", { name: "Variant: Freelancers" })).toBeVisible();
  const editorSize = page.getByTestId("audience-size");
  await expect(editorSize).toHaveAttribute("aria-busy", "false");
  await expect(editorSize).toContainText("customers targeted");
  const size = Number((await editorSize.textContent())!.replace(/ customers.*/s, "").replace(/\D/g, ""));
  expect(size).toBeGreaterThan(0);

  const students = page.getByRole("group", { name: "Variant: Students" });
  await expect(students.getByRole("complementary", { name: /Persona hints for Study-hard Sam/ })).toContainText("Student discount");
  await students.getByLabel("Subject or headline").fill("Hi {{first_name}}, exams are coming");
  await students.getByRole("button", { name: "Preview for a member" }).click();
  await expect(students.getByTestId("message-preview")).toContainText(/Hi \S+, exams are coming/);
  await expect(students.getByTestId("message-preview")).not.toContainText("{{");
  const freelancers = page.getByRole("group", { name: "Variant: Freelancers" });
  await freelancers.getByLabel("Subject or headline").fill("Bill every hour, {{nickname}}");
  await page.getByLabel("Holdout (%)").fill("10");

  // An unknown placeholder is refused with a clear message, and nothing is saved.
  await page.getByRole("button", { name: "Save campaign" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Unknown placeholder: {{nickname}}" })).toBeVisible();
  await freelancers.getByLabel("Subject or headline").fill("Bill every hour, {{first_name|friend}}");
  await page.getByRole("button", { name: "Save campaign" }).click();
  await expect(page.getByRole("heading", { name: "Back to study" })).toBeVisible();

  // Launching right after a change of targets confirms the targets as saved, not the ones loaded before.
  const audience = page.getByTestId("audience-size");
  const countOf = async () => Number((await audience.textContent())!.replace(/ customers.*/s, "").replace(/\D/g, ""));
  await page.getByRole("button", { name: "Stop targeting Freelancers" }).click();
  await expect(audience).toHaveAttribute("aria-busy", "false");
  const studentsOnly = await countOf();
  expect(studentsOnly).toBeLessThan(size);
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("button", { name: "Launch…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("launch-audience-size")).toHaveText(`${studentsOnly.toLocaleString("en-US")} customers`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await target("Freelancers");
  await expect(audience).toHaveAttribute("aria-busy", "false");
  expect(await countOf()).toBe(size);
  await page.getByRole("button", { name: "Save changes" }).click();

  // The dialog counts the saved targets afresh (again once this save lands); Launch sends that count.
  await page.getByRole("button", { name: "Launch…" }).click();
  await expect(dialog.getByTestId("launch-audience-size")).toHaveText(`${size.toLocaleString("en-US")} customers`);
  await dialog.getByRole("button", { name: "Launch" }).click();
  await expect(page.getByTestId("launched-audience")).toContainText(`${size.toLocaleString("en-US")} customers`);
  await expect(page.getByTestId("verdict")).toBeVisible();
  // The banner and the table read one rule: the overall row's evidence decides the banner's first words,
  // and every variant row with a clear result is named in it.
  const overall = await page.getByTestId("uplift-all").getAttribute("data-evidence");
  const banner = (await page.getByTestId("verdict").textContent())!;
  expect(banner.startsWith("Not enough evidence")).toBe(overall === "unclear");
  for (const cell of await page.locator('[data-testid^="uplift-seg_"]').all()) {
    const evidence = await cell.getAttribute("data-evidence");
    const row = (await cell.locator("xpath=..").locator("td").first().textContent())!;
    if (evidence !== "unclear") expect(banner).toContain(`${row}:`);
    await expect(cell).toContainText(evidence === "unclear" ? "could be chance" : evidence!);
  }
  await expect(page.getByTestId("evidence-rule")).toContainText("Newcombe");

  // The audience leaves with only the treated customers, each message filled in; the holdout is its own list.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download audience (CSV)" }).click()]);
  const lines = (await readFile(await csv.path(), "utf8")).trim().split(/\r?\n/);
  expect(lines[0]).toBe("customer_id,email,name,external_id,segment,subject,body,cta,offer");
  const [holdoutCsv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Holdout list (CSV)" }).click()]);
  const holdout = (await readFile(await holdoutCsv.path(), "utf8")).trim().split(/\r?\n/);
  expect(holdout[0]).toBe("customer_id,email,name,external_id,segment");
  const held = holdout.length - 1;
  expect(held).toBeGreaterThan(0);
  expect(held).toBeLessThan(size * 0.25);
  expect(lines).toHaveLength(size - held + 1);
  const heldIds = new Set(holdout.slice(1).map((l) => l.split(",")[0]));
  expect(lines.slice(1).filter((l) => heldIds.has(l.split(",")[0]))).toEqual([]);
  expect(lines.some((l) => /,Students,"Hi [^{},]+, exams are coming",/.test(l))).toBe(true);
  expect(lines.some((l) => l.includes("{{"))).toBe(false);
  const [ads] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Ad platform list (hashed emails)" }).click(),
  ]);
  const hashed = (await readFile(await ads.path(), "utf8")).trim().split(/\r?\n/);
  expect(hashed[0]).toBe("email");
  expect(hashed[1]).toMatch(/^[0-9a-f]{64}$/);
  expect(hashed).toHaveLength(size - held + 1);

  // The campaign shows on its segment, and in the list.
  await page.getByRole("link", { name: "← Campaigns" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Back to study" })).toContainText("Running");
});
