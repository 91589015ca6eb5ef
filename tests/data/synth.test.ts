import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDomain } from "../../src/data/index.js";
import { ensureSynthFolder } from "../../src/data/synth/cache-folder.js";
import { classCounts, writeSynthFolder } from "../../src/data/synth/generate.js";
import { SYNTH_CLASSES, type SynthKind } from "../../src/data/synth/kinds.js";
import { GENERATOR_VERSION, renderSynth } from "../../src/data/synth/render.js";
import { hopFor, tempDir } from "./fixtures.js";

const SMALL = { height: 24, width: 24 };

describe("synthetic domains", () => {
  it("render byte-identical PNGs for the same seed, different ones otherwise", () => {
    for (const kind of Object.keys(SYNTH_CLASSES) as SynthKind[]) {
      for (const label of SYNTH_CLASSES[kind].keys()) {
        const png = renderSynth(kind, label, 5, 0, SMALL);
        expect(png.subarray(1, 4).toString()).toBe("PNG");
        expect(renderSynth(kind, label, 5, 0, SMALL).equals(png)).toBe(true);
        expect(renderSynth(kind, label, 6, 0, SMALL).equals(png)).toBe(false);
        expect(renderSynth(kind, label, 5, 1, SMALL).equals(png)).toBe(false);
      }
    }
  });

  it("share images out by balance, counts always adding up", () => {
    expect(classCounts(10, 2)).toEqual([5, 5]);
    expect(classCounts(11, 5)).toEqual([3, 2, 2, 2, 2]);
    expect(classCounts(10, 2, [0.7, 0.3])).toEqual([7, 3]);
    expect(classCounts(7, 3, [1, 1, 2])).toEqual([2, 2, 3]);
    expect(classCounts(5, 2, [1, 0])).toEqual([5, 0]);
  });

  it("write an image folder, one sub-folder per class, the same bytes on every run", async () => {
    const a = tempDir();
    const b = tempDir();
    const request = { kind: "larynx" as const, count: 5, seed: 3, size: SMALL, balance: [3, 2] };
    await writeSynthFolder(a, request);
    await writeSynthFolder(b, request);
    expect(readdirSync(a).sort()).toEqual(["benign", "malignant"]);
    expect(readdirSync(join(a, "benign"))).toEqual(["benign-00000.png", "benign-00001.png", "benign-00002.png"]);
    expect(readdirSync(join(a, "malignant"))).toEqual(["malignant-00000.png", "malignant-00001.png"]);
    for (const file of ["benign/benign-00002.png", "malignant/malignant-00001.png"]) {
      expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file)))).toBe(true);
    }
  });

  it("are generated into the cache once, keyed by kind, count, seed and size, and load as a domain", async () => {
    const dir = tempDir();
    const request = { kind: "fundus" as const, count: 10, seed: 1, size: SMALL, cacheDir: dir };
    const folder = await ensureSynthFolder(request);
    expect(folder).toBe(join(dir, `synth-v${GENERATOR_VERSION}`, "fundus-n10-seed1-24x24"));
    const before = statSync(join(folder, "mild", "mild-00000.png")).mtimeMs;
    await ensureSynthFolder(request);
    expect(statSync(join(folder, "mild", "mild-00000.png")).mtimeMs).toBe(before);

    const hop = hopFor({ kind: "synth", synth: "fundus", count: 10 }, { split: { train: 50, val: 50, test: 0, seed: 1 } });
    const events: string[] = [];
    const progress = (e: { phase: string; done: number; total: number }) => void events.push(`${e.phase} ${e.done}/${e.total}`);
    const domain = await loadDomain(hop, { baseDir: dir, cacheDir: dir, skipBadImages: false, image: { ...SMALL, channels: 3 }, progress });
    expect(domain.problems).toEqual([]);
    // Already generated above, so only the decode pass reports progress.
    expect(events).toEqual(Array.from({ length: 10 }, (_, i) => `decode ${i + 1}/10`));
    const fresh = tempDir();
    events.length = 0;
    await loadDomain(hop, { baseDir: fresh, cacheDir: fresh, skipBadImages: false, image: { ...SMALL, channels: 3 }, progress });
    expect(events.slice(0, 2)).toEqual(["generate 1/10", "generate 2/10"]);
    expect(events.filter((e) => e.startsWith("generate")).length).toBe(10);
    expect(domain.classes).toEqual(["no_dr", "mild", "moderate", "severe", "proliferative"]);
    expect(domain.splits.train.map((s) => s.label).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(domain.splits.val.map((s) => s.label).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("cannot be told apart by a global colour statistic alone", async () => {
    // The classes differ in structure (vessels, lesions), not in overall colour: the best single
    // threshold on mean red, green, blue or the count of dark pixels stays near chance.
    const { default: sharp } = await import("sharp");
    const features = async (kind: SynthKind, label: number, index: number) => {
      const { data } = await sharp(renderSynth(kind, label, 1, index, SMALL)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const f = [0, 0, 0, 0];
      for (let p = 0; p < data.length; p += 3) {
        for (let c = 0; c < 3; c++) f[c] += data[p + c];
        if (data[p] < 120) f[3]++;
      }
      return f;
    };
    for (const [kind, a, b] of [["larynx", 0, 1], ["fundus", 0, 4]] as const) {
      const rows: { positive: boolean; f: number[] }[] = [];
      for (let i = 0; i < 60; i++) rows.push({ positive: false, f: await features(kind, a, i) }, { positive: true, f: await features(kind, b, i) });
      for (let k = 0; k < 4; k++) {
        const best = Math.max(...rows.map(({ f }) => {
          const correct = rows.filter((r) => r.f[k] > f[k] === r.positive).length / rows.length;
          return Math.max(correct, 1 - correct);
        }));
        expect(best, `${kind} feature ${k}`).toBeLessThan(0.75);
      }
    }
  });
});
