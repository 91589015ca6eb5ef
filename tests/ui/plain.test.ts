import { describe, expect, test } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { createRenderer } from "../../src/ui/index.js";
import { CWD, RUN1, RUN2, TWO_RUNS } from "./fixtures/two-runs.js";

function replay(env: Record<string, string> = {}, tty = false) {
  const record = recordingIO({ env, tty, cwd: CWD });
  const renderer = createRenderer({ mode: "auto", io: record.io });
  for (const event of TWO_RUNS) renderer.sink(event);
  return record;
}

describe("plain renderer", () => {
  test("prints one line per run, hop, stage and epoch, with no ANSI codes", () => {
    const { out } = replay();
    const lines = out.split("\n");
    expect(out).not.toMatch(/\u001b/);
    expect(lines).toContain(
      `${RUN1} · larynx · layer3 · epoch 2/3 · loss 0.4750 · acc 0.6250 · val_loss 0.5200 · val_acc 0.6500 · val_recall(malignant) 0.5500 · 1.1s`,
    );
    expect(lines).toContain(
      `${RUN1} · natural · all · epoch 1/2 · loss 1.1250 · acc 0.5750 · val_loss 1.1600 · val_acc 0.6000 · 1.1s`,
    );
    expect(lines).toContain(
      `${RUN1} · larynx · layer4 · start · trains layer4, head · 8.4M/11.2M params · 2 epochs · lr 1e-4 · batch 8 · frozen prefix cached`,
    );
    expect(lines.find((l) => l.startsWith(`${RUN1} · larynx · layer3 · start`))).toMatch(
      / · frozen prefix cached \(features reused\)$/,
    );
    // Kept its last epoch; the best was the first.
    expect(lines).toContain(
      `${RUN1} · larynx · head · done · 2 epochs · best val_loss 0.7600 at epoch 1 · kept last · 2.2s`,
    );
    expect(lines).toContain(
      `${RUN1} · larynx · layer3 · stopped early · 2 epochs · best val_loss 0.5200 at epoch 2 · kept best · 2.2s`,
    );
    expect(lines).toContain(`${RUN1} · larynx · 2 classes · head new · 32/8/8 images · 3 stages`);
    expect(lines).toContain(`${RUN2} · run 2/2 · scratch -> natural -> fundus -> larynx`);
    expect(lines[0]).toBe(`thtl run examples/swft.plan.json · 2 runs · tensorflow (CPU) · records in runs`);
    // Run 1: 5 stages started and ended; run 2: 2 started, 1 ended before it failed.
    expect(lines.filter((l) => l.includes(" · epoch "))).toHaveLength(12);
    expect(lines.filter((l) => /^\S+ · \w+ · \w+ · (start|done|stopped early) · /.test(l))).toHaveLength(13);
    expect(lines.filter((l) => /^\S+ · \w+ · (done|test · .*)$/.test(l))).toHaveLength(4);
  });

  test("ends with the failed run and the summary table of test metrics", () => {
    const { out } = replay();
    expect(out.split("\n").slice(-9).join("\n")).toBe(
      [
        `${RUN2} · failed · data/fundus/severe/img_031.png: unsupported image format · records in runs/${RUN2}`,
        "",
        "run                       status  test_loss  test_acc  macro_f1  recall(malignant)     auc",
        `${RUN1}  done       0.4321    0.8125    0.7925             0.7125  0.8625`,
        `${RUN2}  failed          -         -         -                  -       -`,
        "",
        "failed · 2 runs: 1 done, 1 failed",
        "records: runs",
        "",
      ].join("\n"),
    );
  });

  test("puts warnings and errors on stderr, not among the progress lines", () => {
    const { out, err } = replay();
    expect(err).toBe(
      `warning: ${RUN1}: THTL-D010: skipped 2 unreadable images in data/larynx (e.g. benign/img_007.png)\n` +
        `error: ${RUN2} failed: data/fundus/severe/img_031.png: unsupported image format\n`,
    );
    expect(out).not.toContain("skipped 2 unreadable");
  });

  test("is what auto mode picks in CI, even on a terminal without streams to draw on", () => {
    expect(replay({ CI: "true" }, true).out).toContain(" · epoch 1/2 · ");
  });

  test("shows the Ctrl-C notice on stderr", () => {
    const record = recordingIO();
    createRenderer({ mode: "plain", io: record.io }).onInterrupt(
      "Stopping after this batch... press Ctrl-C again to quit now",
    );
    expect(record.err).toBe("Stopping after this batch... press Ctrl-C again to quit now\n");
    expect(record.out).toBe("");
  });
});

describe("JSON renderer", () => {
  test("prints every event as one JSON object per line on stdout, and nothing else", () => {
    const record = recordingIO({ tty: true });
    const renderer = createRenderer({ mode: "json", io: record.io });
    for (const event of TWO_RUNS) renderer.sink(event);
    const lines = record.out.trimEnd().split("\n");
    expect(lines).toHaveLength(TWO_RUNS.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(TWO_RUNS);
    expect(record.err).toBe("");
  });
});
