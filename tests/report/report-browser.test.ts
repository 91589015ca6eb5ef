import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import sharp from "sharp";
import { expect, test } from "vitest";
import { thtl } from "../cli/helpers.js";
import { runsDir, writeRun } from "./fake-runs.js";

/** Debian's chromium: playwright-core drives it and never downloads a browser of its own. */
const CHROMIUM = "/usr/bin/chromium";

async function camPng(size: number): Promise<Buffer> {
  const pixels = Buffer.alloc(size * size * 3);
  for (let i = 0; i < size * size; i++) pixels.fill(Math.round((255 * (i % size)) / size), 3 * i, 3 * i + 3);
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

test("report.html opens offline in headless chromium: no console error, no request, a screenshot that is not blank", async () => {
  expect(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`,
  ).toBe(true);
  const cwd = runsDir();
  for (const seed of [1, 2, 3]) {
    writeRun(join(cwd, "runs"), "thtl_swft", "resnet18", seed, { acc: 0.6 + 0.1 * seed, recall: 0.5 });
    writeRun(join(cwd, "runs"), "thtl_last_layer", "resnet18", seed, { acc: 0.5, recall: 0.4 });
  }
  // Grids after both stages of the last hop; the report shows the final one (layer4's, 24 wide).
  for (const [stage, size] of [
    ["head", 16],
    ["layer4", 24],
  ] as const) {
    const camDir = join(cwd, "runs/thtl_swft/resnet18/seed1/cam/larynx", stage);
    mkdirSync(camDir, { recursive: true });
    writeFileSync(join(camDir, "grid.png"), await camPng(size));
  }
  const { code } = await thtl(["report", "runs", "--out", "rep", "--contrast", "thtl_swft:thtl_last_layer"], cwd);
  expect(code).toBe(0);

  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "thtl-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
    viewport: { width: 1200, height: 900 },
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
    page.on("pageerror", (error) => void errors.push(String(error)));
    page.on("request", (request) => void requests.push(request.url()));
    const url = `file://${join(cwd, "rep/report.html")}`;
    await page.goto(url, { waitUntil: "load" });
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.locator("svg.marks").count()).toBe(1 + 6 + 2);
    const grids = page.locator("figure.cam img");
    expect(await grids.count()).toBe(1);
    expect(await grids.getAttribute("alt")).toBe("thtl_swft/resnet18/seed1: larynx/layer4/grid.png");
    expect(await grids.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(24);
    const shot = await page.screenshot({ fullPage: true });
    const { data } = await sharp(shot).greyscale().raw().toBuffer({ resolveWithObject: true });
    const mean = data.reduce((sum, v) => sum + v, 0) / data.length;
    const variance = data.reduce((sum, v) => sum + (v - mean) ** 2, 0) / data.length;
    expect(variance).toBeGreaterThan(100);
  } finally {
    await browser.close();
  }
}, 60_000);
