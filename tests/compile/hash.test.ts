import { describe, expect, test } from "vitest";
import { planOf } from "./helpers.js";

const source = (changes: { stage?: string; epochs?: number; seed?: number; count?: number } = {}) => `
domain imagenet { weights "w/{model}" }
domain a { data synth fundus ${changes.count ?? 50} }
domain b { data synth larynx 50 }
schedule s {
  stage ${changes.stage ?? "first"} { train head; epochs ${changes.epochs ?? 1} }
  stage second { unfreeze all; epochs 1 }
}
experiment e { models resnet18; seeds ${changes.seed ?? 1}; chain imagenet -> a with s -> b with s }
`;

const hashes = (changes?: Parameters<typeof source>[0] | string) =>
  planOf(typeof changes === "string" ? changes : source(changes)).runs[0]!.hops.flatMap((hop) =>
    hop.stages.map((stage) => stage.hash),
  );

describe("stage hashes", () => {
  const base = hashes();

  test("are sha256 hex, distinct across stages and hops", () => {
    expect(base).toHaveLength(4);
    for (const hash of base) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(base).size).toBe(4);
  });

  test("are stable from one compile to the next", () => {
    expect(hashes()).toEqual(base);
  });

  test("ignore the stage's own name, so a rename never forces a re-run", () => {
    expect(hashes({ stage: "renamed" })).toEqual(base);
  });

  test("change with a setting, for that stage and every stage downstream only", () => {
    const changed = hashes({ epochs: 2 });
    expect(changed.map((hash, i) => hash === base[i])).toEqual([false, false, false, false]);
    const second = planOf(
      source().replace("stage second { unfreeze all; epochs 1 }", "stage second { unfreeze all; epochs 3 }"),
    );
    const secondHashes = second.runs[0]!.hops.flatMap((hop) => hop.stages.map((stage) => stage.hash));
    // The schedule's second stage runs in both hops; hop 2's first stage starts from hop 1's second.
    expect(secondHashes.map((hash, i) => hash === base[i])).toEqual([true, false, false, false]);
  });

  test("ignore the names of domains, experiments and models: equal work has an equal hash", () => {
    // A fixed weights path: `{model}` would name other files for another model name.
    const fixed = source().replace("w/{model}", "w/resnet18");
    expect(hashes(fixed)).toEqual(base);
    const renamed = fixed
      .replaceAll("imagenet", "pretrained")
      .replace("domain a {", "domain fundus {")
      .replace("-> a with", "-> fundus with")
      .replace("experiment e {", "experiment other {")
      .replace("models resnet18;", "models r18;")
      .replace("domain pretrained", "model r18 { arch resnet18 }\ndomain pretrained");
    expect(hashes(renamed)).toEqual(base);
  });

  test("change with the seed and with the data", () => {
    expect(hashes({ seed: 2 }).some((hash, i) => hash === base[i])).toBe(false);
    expect(hashes({ count: 60 }).some((hash, i) => hash === base[i])).toBe(false);
  });
});
