import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDomain } from "../../src/data/index.js";
import { hopData } from "../../src/runtime/hop-data.js";
import { hop } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "thtl-hopdata-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hopData", () => {
  it("replays the data layer's batch order without decoding (what the prefix cache relies on)", async () => {
    const plan = {
      ...hop("shapes", ["disc", "polygon", "star", "stripes", "checker", "dots"], []),
      data: { kind: "synth" as const, synth: "natural" as const, count: 30 },
    };
    const image = { height: 16, width: 16, channels: 3 as const };
    const domain = await loadDomain(plan, { baseDir: dir, cacheDir: join(dir, "cache"), skipBadImages: false, image });
    const data = hopData(domain, plan, 4);
    for (const request of [
      { batchSize: 4, shuffle: true, epoch: 3, augment: false },
      { batchSize: 7, shuffle: false, epoch: 0, augment: false },
    ]) {
      const seen: number[] = [];
      for await (const b of data.batches("train", request)) seen.push(...b.indices);
      expect(Array.from(data.order("train", request))).toEqual(seen);
    }
    expect(data.files.train.length).toBe(18);
  });
});
