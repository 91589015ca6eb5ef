import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { featureBudgetBytes, pruneFeatures } from "../../src/runtime/feature-budget.js";

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
  delete process.env.THTL_FEATURE_CACHE_MB;
});

/** A store of `bytes` bytes last used `age` seconds ago. */
function store(name: string, bytes: number, age: number): string {
  const file = join(dir!, name.slice(0, 2), name);
  mkdirSync(join(dir!, name.slice(0, 2)), { recursive: true });
  writeFileSync(file, new Uint8Array(bytes));
  const when = new Date(Date.now() - age * 1000);
  utimesSync(file, when, when);
  return file;
}

describe("pruneFeatures", () => {
  it("removes the least recently used stores until the rest fit, sparing those in use and partial files being written", () => {
    dir = mkdtempSync(join(tmpdir(), "thtl-budget-"));
    store("aa-oldest.f32", 400, 300);
    const inUse = store("bb-old-in-use.f32", 400, 200);
    store("cc-middle.f32", 400, 100);
    store("dd-new.f32", 400, 10);
    store("ee-writing.f32.1-x.tmp", 4000, 400);
    store("ff-killed.f32.2-y.tmp", 4000, 7200);
    pruneFeatures(dir, 1000, new Set([inUse]));
    const left = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.includes(".f32"))
      .sort();
    expect(left).toEqual([
      join("bb", "bb-old-in-use.f32"),
      join("dd", "dd-new.f32"),
      join("ee", "ee-writing.f32.1-x.tmp"),
    ]);
  });

  it("does nothing to a folder within its budget, or one that does not exist", () => {
    dir = mkdtempSync(join(tmpdir(), "thtl-budget-"));
    const file = store("aa.f32", 100, 1000);
    pruneFeatures(dir, 100, new Set());
    expect(existsSync(file)).toBe(true);
    expect(() => pruneFeatures(join(dir!, "missing"), 0, new Set())).not.toThrow();
  });

  it("takes its budget from THTL_FEATURE_CACHE_MB, 4 GiB by default", () => {
    expect(featureBudgetBytes()).toBe(4096 * 2 ** 20);
    process.env.THTL_FEATURE_CACHE_MB = "0.5";
    expect(featureBudgetBytes()).toBe(2 ** 19);
  });
});
