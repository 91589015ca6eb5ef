import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import type { Plan } from "../../src/plan/types.js";
import { renderDryRun } from "../../src/ui/index.js";

/** `tests/ui/fixtures/swft.thtl` as `thtl compile` wrote it: two seeds of one SWFT chain. */
const PLAN = JSON.parse(readFileSync(new URL("./fixtures/swft.plan.json", import.meta.url), "utf8")) as Plan;

describe("dry run", () => {
  test("shows the run screen's stage lists, all pending, and the groups-by-stages grid", async () => {
    const { out, err } = await dryRun();
    expect(out).not.toMatch(/\u001b/);
    expect(out.split("\n")).toEqual([
      "swft.thtl · 2 runs · dry run: nothing is trained",
      "",
      "thtl_swft/resnet18 · seeds 1, 2",
      "imagenet -> fundus -> larynx",
      "",
      "  fundus · hop 1/2 · 5 classes · head new · split 80/20 · 32x32",
      "  · all    all                                   11.2M   1 ep  lr 1e-3",
      "",
      "  larynx · hop 2/2 · 2 classes · head new · split 70/15/15 · 32x32",
      "  · head    head                                    1K   2 ep  lr 1e-3",
      "  · layer4  layer4, head                          8.4M   2 ep  lr 1e-4",
      "  · layer3  layer3 (7 layers), layer4, head       9.6M   2 ep  lr 1e-4",
      "",
      "            fundus  larynx",
      "            all     head    layer4  layer3",
      "    stem    ■       ·       ·       ·",
      "    layer1  ■       ·       ·       ·",
      "    layer2  ■       ·       ·       ·",
      "    layer3  ■       ·       ·       □",
      "    layer4  ■       ·       ■       ■",
      "    head    ■       ■       ■       ■",
      "    ■ trainable  □ partly trainable  · frozen",
      "",
    ]);
    expect(err).toBe("");
  });

  test("runs that differ in more than their seed get a block each", async () => {
    const other = structuredClone(PLAN);
    other.runs[1]!.hops[1]!.stages[0]!.epochs = 4;
    const { out } = await dryRun(other);
    expect(out).toContain("\nthtl_swft/resnet18/seed1\n");
    expect(out).toContain("\nthtl_swft/resnet18/seed2\n");
    expect(out).toContain("  · head    head                                    1K   4 ep  lr 1e-3");
  });
});

async function dryRun(plan: Plan = PLAN) {
  const record = recordingIO();
  await renderDryRun(plan, record.io);
  return record;
}
