import { expect, test } from "@playwright/test";

test("the page shows nine size-class bars", async ({ page }) => {
  await page.goto("./");
  await expect(page.getByRole("heading", { name: "Pool Playground" })).toBeVisible();
  for (let k = 0; k < 9; k++) await expect(page.getByTestId(`class-${k}`)).toBeVisible();
});
