import { describe, expect, it } from "vitest";
import { stratifiedSplit, type KeyedSample } from "../../src/data/split.js";

function samples(perClass: number[]): KeyedSample[] {
  return perClass.flatMap((n, label) =>
    Array.from({ length: n }, (_, i) => ({ file: `/data/c${label}/img${i}.png`, key: `c${label}/img${i}.png`, shown: `c${label}/img${i}.png`, label })),
  );
}

const split = { train: 70, val: 15, test: 15, seed: 7 };

describe("stratifiedSplit", () => {
  it("gives the same split whatever order the files were listed in", () => {
    const listed = samples([40, 25, 13]);
    const reversed = [...listed].reverse();
    const interleaved = [...listed].sort((a, b) => (a.key.split("/")[1] < b.key.split("/")[1] ? -1 : 1));
    const first = stratifiedSplit(listed, split, 3);
    expect(stratifiedSplit(reversed, split, 3)).toEqual(first);
    expect(stratifiedSplit(interleaved, split, 3)).toEqual(first);
  });

  it("never puts a file in two parts, and loses none", () => {
    const all = samples([40, 25, 13]);
    const { train, val, test } = stratifiedSplit(all, split, 3);
    const files = [...train, ...val, ...test].map((s) => s.file);
    expect(new Set(files).size).toBe(files.length);
    expect(files.sort()).toEqual(all.map((s) => s.file).sort());
  });

  it("cuts every class by the percentages", () => {
    const { train, val, test } = stratifiedSplit(samples([40, 20]), split, 2);
    const count = (part: { label: number }[], label: number) => part.filter((s) => s.label === label).length;
    expect([count(train, 0), count(val, 0), count(test, 0)]).toEqual([28, 6, 6]);
    expect([count(train, 1), count(val, 1), count(test, 1)]).toEqual([14, 3, 3]);
  });

  it("puts the remainder in val for a two-way split", () => {
    const { train, val, test } = stratifiedSplit(samples([11]), { train: 80, val: 20, test: 0, seed: 1 }, 1);
    expect([train.length, val.length, test.length]).toEqual([9, 2, 0]);
  });

  it("changes with the seed, and a new file does not reshuffle the others", () => {
    const all = samples([50]);
    const a = stratifiedSplit(all, split, 1);
    expect(stratifiedSplit(all, { ...split, seed: 8 }, 1).train).not.toEqual(a.train);
    const grown = stratifiedSplit([...all, ...samples([51]).slice(50)], split, 1);
    const order = (part: { file: string }[]) => part.map((s) => s.file);
    const before = [...order(a.train), ...order(a.val), ...order(a.test)];
    const after = [...order(grown.train), ...order(grown.val), ...order(grown.test)].filter((f) => f !== "/data/c0/img50.png");
    expect(after).toEqual(before);
  });
});
