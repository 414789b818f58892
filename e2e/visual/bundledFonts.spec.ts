/**
 * Every glyph on screen comes from a font the page bundles (Inter, JetBrains
 * Mono), never from one the machine happens to have: otherwise the same URL
 * draws other pixels on a machine with other fonts installed. Chromium tells
 * which fonts drew each element's text (CDP `CSS.getPlatformFontsForNode`);
 * a web font is reported as a custom font.
 */
import type { Page } from "@playwright/test";
import { PRESETS } from "../../src/ui/presets.ts";
import { expect, test } from "../fixtures/test.ts";
import { settle } from "./settle.ts";

/** A DOM node as CDP's `DOM.getDocument` returns it, with only the fields used here. */
interface DomNode {
  readonly nodeId: number;
  readonly nodeType: number;
  readonly nodeName: string;
  readonly attributes?: readonly string[];
  readonly children?: readonly DomNode[];
}

const ELEMENT_NODE = 1;

/** "familyName in <tag.class>" for each machine font that draws text on the page, once per font. */
async function machineFonts(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = (await cdp.send("DOM.getDocument", { depth: -1 })) as { root: DomNode };
    const found = new Map<string, string>();
    const visit = async (node: DomNode): Promise<void> => {
      if (node.nodeType === ELEMENT_NODE) {
        const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId: node.nodeId });
        for (const font of fonts) {
          if (font.isCustomFont || found.has(font.familyName)) continue;
          const attributes = node.attributes ?? [];
          const className = attributes[attributes.indexOf("class") + 1] ?? "";
          found.set(
            font.familyName,
            `${font.familyName} in <${node.nodeName.toLowerCase()}.${className}>`,
          );
        }
      }
      for (const child of node.children ?? []) await visit(child);
    };
    await visit(root);
    return [...found.values()];
  } finally {
    await cdp.detach();
  }
}

for (const preset of PRESETS) {
  test(`${preset.id} at its end draws only bundled fonts`, async ({ playground, page }) => {
    await playground.gotoScript(preset.source, { run: true });
    await playground.waitForStatus("done");
    await settle(page);
    expect(await machineFonts(page)).toEqual([]);
  });
}

test("the table view, the sweep and an error draw only bundled fonts", async ({
  playground,
  page,
}) => {
  await playground.gotoScript("capacity 2\na = acquire 4KB\nrelease a\nrelease a\n", { run: true });
  await playground.waitForStatus("error");
  await settle(page);
  await page.getByRole("checkbox", { name: "Show as table" }).check();
  await page.getByRole("button", { name: "Sweep", exact: true }).click();
  expect(await machineFonts(page)).toEqual([]);
});
