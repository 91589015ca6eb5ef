import { afterEach, describe, expect, test } from "vitest";
import { cleanup } from "ink-testing-library";
import type { RunEvent } from "../../src/runtime/events.js";
import { RUN1, RUN2, TWO_RUNS, until } from "./fixtures/two-runs.js";
import { mountScreen } from "./helpers.js";

afterEach(cleanup);

/** Run 1, hop larynx, stage layer4, epoch 2, batch 3 of 4. */
const MID_STAGE = until(
  (e) => e.type === "batch:end" && e.runId === RUN1 && e.hop === 2 && e.stage === 1 && e.epoch === 2 && e.batch === 3,
);

function linesOf(frame: string): string[] {
  return frame.split("\n");
}

describe("run screen, mid-stage", () => {
  test("header: run id, position, backend, elapsed time, chain with the current hop in brackets", async () => {
    const { frame } = await mountScreen(MID_STAGE);
    const lines = linesOf(frame());
    const header = lines.findIndex((l) => l.startsWith(RUN1) && l.includes("tensorflow"));
    expect(lines[header]).toMatch(new RegExp(`^${RUN1} +run 1/2 · tensorflow CPU · 00:09$`));
    expect(lines[header]).toHaveLength(100);
    expect(lines[header + 1]).toBe("scratch -> natural -> fundus -> [larynx]");
  });

  test("the active run is expanded: hop title and stages done, running, pending", async () => {
    const { frame } = await mountScreen(MID_STAGE);
    const lines = linesOf(frame());
    const at = lines.indexOf(`▶ ${RUN1}  running     val_loss 0.7600`);
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 2, at + 6).map((l) => l.trimEnd())).toEqual([
      "  larynx · hop 3/3 · 2 classes · head new · 32/8/8 images",
      // The head stage kept its last epoch, but its best was the first.
      "  ✓ head    head                                    1K   2 ep  lr 1e-3   val_loss 0.7600 @1",
      "  ▶ layer4  layer4, head                          8.4M   2 ep  lr 1e-4",
      "  · layer3  layer3, layer4, head                 10.5M   3 ep  lr 1e-4",
    ]);
    expect(lines).toContain(`· ${RUN2}  pending`);
  });

  test("epoch bar, batch bar with throughput and elapsed < ETA, running means to 4 decimals", async () => {
    const { frame } = await mountScreen(MID_STAGE);
    const lines = linesOf(frame());
    const epoch = lines.find((l) => l.includes("Epoch 2/2"))!;
    // Epoch 2 of 2 at batch 3 of 4: (1 + 3/4) / 2 of the 40-cell bar.
    expect(epoch.trim()).toBe(`Epoch 2/2 ${"━".repeat(35)}${"─".repeat(5)}`);
    const batch = lines[lines.indexOf(epoch) + 1]!;
    expect(batch.trim()).toBe(`3/4 ${"━".repeat(30)}${"─".repeat(10)} 32.0 img/s  00:01 < 00:00`);
    expect(lines[lines.indexOf(epoch) + 2]).toMatch(/^ {2}loss 0\.5700 {2}acc 0\.6300 {2}[▁▂▃▄▅▆▇█]{7}$/);
  });

  test("finished epochs print once above the live area, as a table with positive-class recall", async () => {
    const { frame } = await mountScreen(MID_STAGE);
    const lines = linesOf(frame());
    const title = lines.indexOf(`${RUN1} · larynx · layer4 · recall: malignant`);
    expect(lines.slice(title + 1, title + 3)).toEqual([
      "  epoch train_loss  val_loss  val_acc   recall    time",
      "    1/2     0.6250    0.6600   0.6000   0.5000    1.1s best",
    ]);
    expect(lines).toContain("✓ head · 2 epochs · best val_loss 0.7600 @1 · kept last · 2.2s");
    expect(lines).toContain("    2/2     0.6750    0.7800   0.6500   0.5500    1.1s");
    expect(lines.filter((l) => l === `${RUN1} · natural · all`)).toHaveLength(1);
  });

  test("warnings appear in the log area below the bars", async () => {
    const { frame } = await mountScreen(MID_STAGE);
    const lines = linesOf(frame());
    const warning = lines.indexOf(`! ${RUN1}: THTL-D010: skipped 2 unreadable images in data/larynx (e.g.`);
    expect(warning).toBeGreaterThan(lines.findIndex((l) => l.includes("Epoch 2/2")));
    expect(lines[warning + 1]).toBe("  benign/img_007.png)");
  });
});

describe("run screen, narrow terminals", () => {
  test("at 60 columns stages split over two lines, bars shrink and no line overflows", async () => {
    const { frame, resize } = await mountScreen(MID_STAGE, 100);
    await resize(60);
    const lines = linesOf(frame());
    const live = lines.slice(lines.findIndex((l) => l.startsWith(`${RUN1}    run 1/2`)));
    expect(live[0]).toBe(`${RUN1}    run 1/2 · tensorflow CPU · 00:09`);
    expect(live.map((l) => l.trimEnd())).toContain("  ▶ layer4     8.4M   2 ep  lr 1e-4");
    expect(live.map((l) => l.trimEnd())).toContain("            trains layer4, head");
    expect(live.find((l) => l.includes("Epoch 2/2"))!.trim()).toBe(`Epoch 2/2 ${"━".repeat(14)}${"─".repeat(2)}`);
    for (const line of live) expect(line.length).toBeLessThanOrEqual(60);
  });

  test("growing back to 100 columns restores the one-line stage rows", async () => {
    const { frame, resize } = await mountScreen(MID_STAGE, 60);
    await resize(100);
    expect(linesOf(frame()).map((l) => l.trimEnd())).toContain(
      "  ▶ layer4  layer4, head                          8.4M   2 ep  lr 1e-4",
    );
    expect(frame()).not.toContain("trains layer4, head");
  });
});

describe("run screen, the end", () => {
  test("a failed run shows its error, in the run list and the log", async () => {
    const { frame } = await mountScreen(until((e) => e.type === "run:end" && e.runId === RUN2));
    const lines = linesOf(frame());
    expect(lines).toContain(`✗ ${RUN2}  failed      data/fundus/severe/img_031.png: unsupported image format`);
    expect(lines).toContain(`✗ ${RUN2} failed: data/fundus/severe/img_031.png: unsupported image format`);
    expect(lines).toContain("scratch -> natural -> [fundus] -> larynx");
  });

  test("the summary table lists every run's test metrics and where the records are", async () => {
    const { frame } = await mountScreen(TWO_RUNS);
    const lines = linesOf(frame()).map((l) => l.trimEnd());
    const table = lines.indexOf(
      "run                       status  test_loss  test_acc  macro_f1  recall(malignant)     auc",
    );
    expect(lines.slice(table + 1, table + 7)).toEqual([
      `${RUN1}  done       0.4321    0.8125    0.7925             0.7125  0.8625`,
      `${RUN2}  failed          -         -         -                  -       -`,
      "",
      "failed · 2 runs: 1 done, 1 failed",
      "records: runs",
      "",
    ]);
    expect(lines).toContain(`✓ ${RUN1}  done        test_acc 0.8125 · recall 0.7125`);
    expect(frame()).not.toContain("Epoch ");
  });

  test("at 60 columns the summary gives each run a block instead of a cut table", async () => {
    const { frame } = await mountScreen(TWO_RUNS, 60);
    const lines = linesOf(frame()).map((l) => l.trimEnd());
    const at = lines.indexOf("test metrics");
    expect(lines.slice(at, at + 5)).toEqual([
      "test metrics",
      `${RUN1}  done`,
      "  test_loss 0.4321 · test_acc 0.8125 · macro_f1 0.7925 ·",
      "  recall(malignant) 0.7125 · auc 0.8625",
      `${RUN2}  failed`,
    ]);
  });

  test("the Ctrl-C notice goes to the log area", async () => {
    const { store, frame, feed } = await mountScreen(MID_STAGE);
    store.message("Stopping after this batch... press Ctrl-C again to quit now");
    await feed([]);
    const lines = linesOf(frame());
    expect(lines.at(-1)).toBe("· Stopping after this batch... press Ctrl-C again to quit now");
  });
});

describe("run screen, long run ids", () => {
  test("the header's facts move under a run id too long to share the line", async () => {
    const long = "thtl_last_layer/efficientnet_b0/seed3";
    const events = MID_STAGE.map((e) => JSON.parse(JSON.stringify(e).replaceAll(RUN1, long)));
    const { frame } = await mountScreen(events, 60);
    const lines = linesOf(frame());
    const header = lines.indexOf(long);
    expect(lines.slice(header, header + 3)).toEqual([
      long,
      "run 1/2 · tensorflow CPU · 00:09",
      "scratch -> natural -> fundus -> [larynx]",
    ]);
  });
});

describe("run screen, interrupted", () => {
  test("Ctrl-C's end: the run marked interrupted and the command that resumes", async () => {
    const upTo = until((e) => e.type === "epoch:end" && e.hop === 2 && e.stage === 1 && e.epoch === 1);
    const last = upTo.at(-1)!.time;
    const resume = "thtl run examples/swft.thtl --resume";
    const { frame } = await mountScreen([
      ...upTo,
      {
        type: "run:end",
        time: last + 1,
        runId: RUN1,
        status: "interrupted",
        test: null,
        outDir: `/work/runs/${RUN1}`,
        error: null,
      },
      {
        type: "plan:end",
        time: last + 2,
        status: "interrupted",
        runs: [{ id: RUN1, status: "interrupted", test: null, outDir: `/work/runs/${RUN1}` }],
        outDir: "/work/runs",
        resume,
      },
    ]);
    const lines = linesOf(frame()).map((l) => l.trimEnd());
    expect(lines).toContain(`■ ${RUN1}  interrupted val_loss 0.7600`);
    const status = lines.indexOf("interrupted · 1 run: 1 interrupted");
    expect(lines.slice(status + 1, status + 3)).toEqual(["records: runs", `resume with: ${resume}`]);
    expect(frame()).not.toContain("Epoch ");
  });
});

describe("run screen, many runs", () => {
  test("three runs either side of the active one; the rest are counted", async () => {
    const [start] = TWO_RUNS;
    const ids = Array.from({ length: 10 }, (_, i) => `thtl_swft/resnet${i < 5 ? 18 : 50}/seed${(i % 5) + 1}`);
    const plan = { ...start!, runs: ids.map((id) => ({ id, chain: ["imagenet", "larynx"] })) } as RunEvent;
    const run = {
      type: "run:start",
      time: start!.time + 1,
      runId: ids[5]!,
      index: 5,
      total: 10,
      chain: ["imagenet", "larynx"],
      outDir: "/work/runs/x",
    } as RunEvent;
    const { frame } = await mountScreen([plan, run]);
    const lines = linesOf(frame()).map((l) => l.trimEnd());
    const first = lines.indexOf("  … 2 more above");
    expect(lines.slice(first, first + 9)).toEqual([
      "  … 2 more above",
      `· ${ids[2]}  pending`,
      `· ${ids[3]}  pending`,
      `· ${ids[4]}  pending`,
      `▶ ${ids[5]}  running`,
      `· ${ids[6]}  pending`,
      `· ${ids[7]}  pending`,
      `· ${ids[8]}  pending`,
      "  … 1 more below",
    ]);
    expect(lines[0]).toMatch(new RegExp(`^${ids[5]} +run 6/10 · tensorflow CPU · 00:00$`));
  });
});

describe("run screen, wide terminals", () => {
  test("lays out in at most 120 columns, so that figures stay near their names", async () => {
    const { frame } = await mountScreen(MID_STAGE, 200);
    const lines = linesOf(frame());
    const header = lines.find((l) => l.startsWith(RUN1) && l.includes("tensorflow"))!;
    expect(header.trimEnd()).toHaveLength(120);
    expect(lines.map((l) => l.trimEnd()).filter((l) => l.length > 120)).toEqual([]);
  });
});
