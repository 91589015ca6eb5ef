import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDomain, splitFingerprint, type LoadedDomain } from "../../src/data/index.js";
import { hopFor, tempDir, writeImage } from "./fixtures.js";

const SIZE = { height: 4, width: 4, channels: 3 as const };

async function load(dir: string, cacheDir: string, size = SIZE): Promise<LoadedDomain> {
  const hop = hopFor({ kind: "imagefolder", path: "data" }, { split: { train: 50, val: 50, test: 0, seed: 2 } });
  return loadDomain(hop, { baseDir: dir, cacheDir, skipBadImages: false, image: size });
}

async function folder(): Promise<string> {
  const dir = tempDir();
  for (const label of [0, 1]) {
    for (let i = 0; i < 3; i++) await writeImage(join(dir, "data", `c${label}`, `${i}.png`), { size: 8, colour: [label * 100, i * 10, 7] });
  }
  return dir;
}

describe("splitFingerprint", () => {
  it("follows the decoded pixels and labels, not where the files live", async () => {
    const dir = await folder();
    const cache = join(dir, "cache");
    const original = await load(dir, cache);
    const moved = tempDir();
    cpSync(join(dir, "data"), join(moved, "data"), { recursive: true });
    const copy = await load(moved, cache);
    expect(splitFingerprint(copy, "train")).toBe(splitFingerprint(original, "train"));
    expect(splitFingerprint(original, "train")).toMatch(/^[0-9a-f]{64}$/);
    expect(splitFingerprint(original, "val")).not.toBe(splitFingerprint(original, "train"));

    await writeImage(join(moved, "data", "c1", "0.png"), { size: 8, colour: [1, 2, 3] });
    const edited = await load(moved, cache);
    const changed = ["train", "val"].filter((split) => splitFingerprint(edited, split as "train") !== splitFingerprint(original, split as "train"));
    expect(changed).toHaveLength(1);

    const larger = await load(dir, cache, { height: 5, width: 5, channels: 3 });
    expect(splitFingerprint(larger, "train")).not.toBe(splitFingerprint(original, "train"));
  });

  it("is null for a domain built by hand, whose pixels it cannot vouch for", () => {
    const domain: LoadedDomain = {
      domain: "d", classes: ["a"], splits: { train: [{ file: "/x.png", label: 0 }], val: [], test: [] },
      image: SIZE, problems: [], skipped: [],
    };
    expect(splitFingerprint(domain, "train")).toBeNull();
  });
});
