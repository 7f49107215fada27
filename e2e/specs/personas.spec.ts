import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createDemoWorkspace, newEmail, signUp } from "./helpers";

test("open the persona gallery, open a card, edit its goals, export it, share it and revoke the link", async ({ page, browser }) => {
  await signUp(page, "Pia Persona", newEmail("personas"));
  await createDemoWorkspace(page);

  await page.getByRole("link", { name: "Personas" }).click();
  await expect(page.getByRole("heading", { name: "Personas" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Persona cards" }).getByRole("listitem")).toHaveCount(7);

  // Two of them as a set: who lands in exactly one, several, none.
  await page.getByLabel("Select Study-hard Sam").check();
  await page.getByLabel("Select Busy Brooke").check();
  await page.getByRole("button", { name: "Check as a persona set" }).click();
  await expect(page.getByTestId("persona-set")).toContainText("In exactly one");

  await page.getByRole("link", { name: "Study-hard Sam" }).click();
  const card = page.getByRole("article", { name: "Persona Study-hard Sam" });
  await expect(card.getByRole("heading", { name: "Study-hard Sam" })).toBeVisible();
  await expect(card.getByTestId("sample-note")).toContainText("Computed from all");
  // Every fact of the description links to the chart it comes from.
  const firstFact = card.getByTestId("persona-description").getByRole("link").first();
  const target = await firstFact.getAttribute("href");
  expect(target).toMatch(/^#(attr|headline)-/);
  await expect(card.locator(target!)).toBeVisible();

  await page.getByRole("button", { name: "Edit persona" }).click();
  const form = page.getByRole("form", { name: "Edit persona" });
  await form.getByLabel("Goals").fill("Never miss an assignment deadline\nFind a study group");
  await form.getByRole("button", { name: "Save persona" }).click();
  await expect(page.getByText("Saved as version 2")).toBeVisible();
  await expect(card.getByText("Find a study group")).toBeVisible();
  await expect(page.getByText(/Version 2: .Study-hard Sam. by personas\./)).toBeVisible();

  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download PNG" }).click()]);
  expect(png.suggestedFilename()).toBe("persona-study-hard-sam.png");
  expect((await readFile(await png.path())).subarray(1, 4).toString()).toBe("PNG");
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  expect(pdf.suggestedFilename()).toBe("persona-study-hard-sam.pdf");
  const pdfText = (await readFile(await pdf.path())).toString("latin1");
  expect(pdfText.startsWith("%PDF")).toBe(true);
  expect(pdfText).toContain("(- Find a study group) Tj");

  // A share link opens the card without signing in, and stops when revoked.
  await page.getByRole("button", { name: "Create share link" }).click();
  const link = await page.getByLabel("Share link").inputValue();
  const visitor = await browser.newContext();
  const outside = await visitor.newPage();
  await outside.goto(link);
  await expect(outside.getByRole("heading", { name: "Study-hard Sam" })).toBeVisible();
  await expect(outside.getByText("Find a study group")).toBeVisible();
  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke link" }).click();
  await expect(page.getByText(/revoked/).first()).toBeVisible();
  await outside.reload();
  await expect(outside.getByRole("heading", { name: "Study-hard Sam" })).toHaveCount(0);
  await visitor.close();
});
