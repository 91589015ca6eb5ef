import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { reportViolations } from "../../src/report/validate.js";
import { thtl } from "../cli/helpers.js";
import { runsDir, writeRun } from "./fake-runs.js";

/** thtl_swft beats thtl_last_layer by 0.1, 0.2, 0.2 on seeds 1-3 (t = 5 with 2 df). */
function study(): string {
  const root = runsDir();
  [0.7, 0.8, 0.9].forEach((acc, i) =>
    writeRun(join(root, "runs"), "thtl_swft", "resnet18", i + 1, { acc, recall: acc, precision: 0.5 }),
  );
  [0.6, 0.6, 0.7].forEach((acc, i) =>
    writeRun(join(root, "runs"), "thtl_last_layer", "resnet18", i + 1, { acc, recall: 0.5, precision: 0.5 }),
  );
  return root;
}

describe("thtl report", () => {
  test("--format md prints the tables: mean ± SD [95% t-interval], and the paired contrast", async () => {
    const cwd = study();
    const { code, out, err } = await thtl(
      ["report", "runs", "--format", "md", "--contrast", "thtl_swft:thtl_last_layer"],
      cwd,
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    // acc of thtl_swft: mean 0.8, sd 0.1, half-width t(0.975, 2) · 0.1 / √3 = 4.302653 · 0.057735 = 0.248414.
    // acc of thtl_last_layer: mean 0.6333, sd 0.057735, half-width 0.143422.
    // Differences 0.1, 0.2, 0.2: t = 0.16667 / (0.057735 / √3) = 5, p = 1 - 5/√27 = 0.0377;
    // recall 0.2, 0.3, 0.4: t = 0.3 / (0.1 / √3) = 5.196, p = 1 - t/√(2 + t²) = 0.0351.
    expect(out).toBe(`## thtl report

Test-split metrics of each run's last hop, over seeds: mean ± sample SD (n − 1) [95% interval: mean ± t(0.975, n − 1) · SD / √n].

| experiment | model | n | accuracy | macro-F1 | AUC | positive recall | positive precision |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
| thtl_last_layer | resnet18 | 3 | 0.633 ± 0.058 [0.490, 0.777] | 0.633 ± 0.058 [0.490, 0.777] | 0.633 ± 0.058 [0.490, 0.777] | 0.500 ± 0.000 [0.500, 0.500] | 0.500 ± 0.000 [0.500, 0.500] |
| thtl_swft | resnet18 | 3 | 0.800 ± 0.100 [0.552, 1.048] | 0.800 ± 0.100 [0.552, 1.048] | 0.800 ± 0.100 [0.552, 1.048] | 0.800 ± 0.100 [0.552, 1.048] | 0.500 ± 0.000 [0.500, 0.500] |

### Contrasts

A:B pairs the runs of A and B with the same seed and target split; change = mean(A) − mean(B), relative = change / mean(B); p is the two-sided paired t-test on the per-seed differences (n − 1 degrees of freedom).

| contrast | model | pairs | metric | A | B | change | relative | p | note |
| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |
| thtl_swft:thtl_last_layer | resnet18 | 3 | accuracy | 0.800 | 0.633 | +0.167 | +26.3% | 0.038 | 3 pairs: a test this small detects only large effects |
| thtl_swft:thtl_last_layer | resnet18 | 3 | macro-F1 | 0.800 | 0.633 | +0.167 | +26.3% | 0.038 | 3 pairs: a test this small detects only large effects |
| thtl_swft:thtl_last_layer | resnet18 | 3 | AUC | 0.800 | 0.633 | +0.167 | +26.3% | 0.038 | 3 pairs: a test this small detects only large effects |
| thtl_swft:thtl_last_layer | resnet18 | 3 | positive recall | 0.800 | 0.500 | +0.300 | +60.0% | 0.035 | 3 pairs: a test this small detects only large effects |
| thtl_swft:thtl_last_layer | resnet18 | 3 | positive precision | 0.500 | 0.500 | +0.000 | +0.0% | — | every pair differs by the same amount: no test |
`);
    expect(existsSync(join(cwd, "report"))).toBe(false);
  });

  test("--out writes report.json (valid against its schema), report.md and report.html", async () => {
    const cwd = study();
    const { code, err } = await thtl(
      ["report", "runs", "--out", "rep", "--contrast", "thtl_swft:thtl_last_layer"],
      cwd,
    );
    expect(code).toBe(0);
    expect(err).toBe("thtl report: wrote rep/report.html, rep/report.md, rep/report.json\n");
    const report = JSON.parse(readFileSync(join(cwd, "rep/report.json"), "utf8"));
    expect(reportViolations(report)).toEqual([]);
    expect(Object.keys(report)).toEqual(["groups", "contrasts"]);
    const swft = report.groups[1];
    expect(swft.experiment).toBe("thtl_swft");
    expect(swft.runs).toEqual(["thtl_swft/resnet18/seed1", "thtl_swft/resnet18/seed2", "thtl_swft/resnet18/seed3"]);
    expect(swft.metrics.acc.mean).toBeCloseTo(0.8, 12);
    expect(swft.metrics.acc.sd).toBeCloseTo(0.1, 12);
    expect(swft.metrics.acc.ci[0]).toBeCloseTo(0.8 - 0.2484138, 6);
    const acc = report.contrasts[0].metrics.acc;
    expect(acc.t).toBeCloseTo(5, 10);
    expect(acc.df).toBe(2);
    expect(acc.p).toBeCloseTo(1 - 5 / Math.sqrt(27), 10);
    expect(acc.relative).toBeCloseTo(0.1666667 / 0.6333333, 6);
    expect(readFileSync(join(cwd, "rep/report.md"), "utf8")).toContain(
      "| thtl_swft | resnet18 | 3 | 0.800 ± 0.100 [0.552, 1.048] |",
    );
    const html = readFileSync(join(cwd, "rep/report.html"), "utf8");
    expect(html.match(/<svg /g)?.length).toBe(1 + 6 + 2); // bars, one curve per run, one confusion matrix per group
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  test("fewer than 3 pairs: no test, and the note says so; one run has no SD or interval", async () => {
    const cwd = runsDir();
    writeRun(join(cwd, "runs"), "a", "m", 1, { acc: 0.5 });
    writeRun(join(cwd, "runs"), "a", "m", 2, { acc: 0.7 });
    writeRun(join(cwd, "runs"), "b", "m", 1, { acc: 0.4 });
    writeRun(join(cwd, "runs"), "b", "m", 2, { acc: 0.4 });
    writeRun(join(cwd, "runs"), "c", "m", 1, { acc: 0.4 });
    const { code, out } = await thtl(["report", "runs", "--format", "json", "--contrast", "a:b"], cwd);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.groups[2].metrics.acc).toEqual({ mean: 0.4, sd: null, ci: null });
    expect(report.groups[0].metrics.positive_recall).toEqual({ mean: null, sd: null, ci: null });
    expect(report.contrasts[0].seeds).toEqual([1, 2]);
    expect(report.contrasts[0].metrics.acc).toMatchObject({
      t: null,
      df: null,
      p: null,
      note: "2 pairs: too few for a paired test (needs 3)",
    });
    expect(report.contrasts[0].metrics.acc.change).toBeCloseTo(0.2, 12);
  });

  test("runs on another target split are not paired", async () => {
    const cwd = runsDir();
    for (const seed of [1, 2, 3]) {
      writeRun(join(cwd, "runs"), "a", "m", seed, { acc: 0.5 });
      writeRun(join(cwd, "runs"), "b", "m", seed, { acc: 0.4 }, { split: seed === 2 ? 9 : 7 });
    }
    const { out } = await thtl(["report", "runs", "--format", "json", "--contrast", "a:b"], cwd);
    expect(JSON.parse(out).contrasts[0].seeds).toEqual([1, 3]);
  });

  test("unfinished runs are left out, with a line each on stderr", async () => {
    const cwd = runsDir();
    writeRun(join(cwd, "runs"), "a", "m", 1, { acc: 0.5 });
    writeRun(join(cwd, "runs"), "a", "m", 2, { acc: 0.5 }, { status: "failed" });
    const { code, out, err } = await thtl(["report", "runs", "--format", "json"], cwd);
    expect(code).toBe(0);
    expect(err).toBe(`thtl report: left out ${join(cwd, "runs/a/m/seed2")}: run failed, not finished\n`);
    expect(JSON.parse(out).groups[0].runs).toEqual(["a/m/seed1"]);
  });

  test("mistakes: no folder, not a folder, no runs, a bad format or contrast", async () => {
    const cwd = study();
    expect(await thtl(["report"], cwd)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^thtl report: give at least one folder of runs/),
    });
    expect(await thtl(["report", "nowhere"], cwd)).toEqual({
      code: 1,
      out: "",
      err: "thtl report: 'nowhere' is not a folder of runs\n",
    });
    expect(await thtl(["report", "runs/thtl_swft/resnet18/seed1/plan.json"], cwd)).toMatchObject({ code: 1 });
    expect(await thtl(["report", "."], runsDir())).toEqual({
      code: 1,
      out: "",
      err: "thtl report: no finished runs under .\n",
    });
    expect(await thtl(["report", "runs", "--format", "pdf"], cwd)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^thtl report: unknown format 'pdf': use html, md or json\n/),
    });
    expect(await thtl(["report", "runs", "--contrast", "thtl_swft"], cwd)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^thtl report: --contrast takes two experiments as A:B, got 'thtl_swft'\n/),
    });
    expect(await thtl(["report", "runs", "--contrast", "thtl_swft:one_step"], cwd)).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /^thtl report: --contrast names 'one_step', with no finished runs here; the experiments are: thtl_last_layer, thtl_swft\n/,
      ),
    });
  });
});
