import { expect, test } from "@playwright/test";
import lzString from "lz-string";

const script = `capacity 2
repeat 3 {
  a = acquire 4KB
  b = acquire 4KB
  c = acquire 4KB
  release all
}
`;

test("a capacity of 2 keeps two 4 KiB buffers and drops the third", async ({ page }) => {
  const hash = `#script=${lzString.compressToEncodedURIComponent(script)}&run=1&motion=off`;
  await page.goto(`./${hash}`);

  const status = page.getByTestId("run-status");
  await expect(status).toHaveText("done");
  await expect(status).toHaveAttribute("data-step", "18");

  await expect(page.getByTestId("stat-allocations")).toHaveText("9");
  await expect(page.getByTestId("stat-misses")).toHaveText("5");
  await expect(page.getByTestId("stat-recycle-rate")).toHaveText("44.4%");

  const smallest = page.getByTestId("class-0");
  await expect(smallest).toHaveAttribute("data-free", "2");
  await expect(smallest).toHaveAttribute("data-capacity", "2");
  await expect(smallest).toHaveAccessibleName("4 KiB: 2 free of 2, 0 held");
});
