import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";

test("the cpu backend prints no 'running TensorFlow.js in Node.js' banner on stderr", () => {
  // A process of its own: the banner comes once per backend instance, and this one's engine is fresh.
  const runner = join(import.meta.dirname, "..", "fixtures", "ts-child.mjs");
  const script = join(import.meta.dirname, "..", "fixtures", "cpu-banner-child.ts");
  const child = spawnSync(process.execPath, [runner, script], { encoding: "utf8", timeout: 50_000 });
  expect(child.stderr).toBe("");
  expect(child.stdout).toBe("backend cpu\n");
  expect(child.status).toBe(0);
}, 60_000);
