import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { comparableMetrics, ensureBuilt, project, referenceRuns, thtl } from "./fixtures.js";

const dir = project();
const schema = JSON.parse(readFileSync(new URL("../../schema/sweep.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

beforeAll(() => ensureBuilt(), 120_000);

describe("thtl sweep --engine local", () => {
  it("runs two runs at a time in their own processes, trains the shared hop once, and equals each run trained alone", async () => {
    const { code, out, err } = await thtl(
      dir,
      "sweep",
      "study.thtl",
      "--engine",
      "local",
      "--jobs",
      "2",
      "--out",
      "sw",
      "--store",
      "store",
    );
    expect(err).toBe("");
    expect(code, out).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines.filter((l) => / done$/.test(l)).sort()).toEqual([
      "run 1/2 a/tiny/seed1: done",
      "run 2/2 b/tiny/seed1: done",
    ]);
    expect(lines.at(-1)).toBe(`2 runs: 2 done · stages: 3 trained, 1 reused · ${join(dir, "sw/sweep.json")}`);
    const record = JSON.parse(readFileSync(join(dir, "sw/sweep.json"), "utf8"));
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    expect(record.runs.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      ["a/tiny/seed1", "done"],
      ["b/tiny/seed1", "done"],
    ]);
    // Whichever run got the lock trained the first hop's stage; the other waited and reused it.
    const logs = [0, 1].map((i) => readFileSync(join(dir, "sw/logs", `${i}.log`), "utf8"));
    expect(
      logs
        .join("")
        .match(/ · shapes · head · reused from [ab]\/tiny\/seed1\/head \(1 epoch, best val_loss \d\.\d{4} @1\)\n/g),
    ).toHaveLength(1);

    // --jobs 2 gives each run half the cores.
    await referenceRuns(dir, "alone", Math.max(1, Math.floor(availableParallelism() / 2)));
    for (const id of ["a/tiny/seed1", "b/tiny/seed1"])
      expect(comparableMetrics(join(dir, "sw/runs", id)), id).toEqual(comparableMetrics(join(dir, "alone", id)));
  }, 240_000);

  it("thtl run --run-index trains only that run of the plan, and rejects an index out of range", async () => {
    const bad = await thtl(dir, "run", "study.thtl", "--run-index", "2");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /^thtl run: --run-index takes a run number from 0 to 1 \(study\.thtl has 2 runs\), got '2'\n/,
    );
    const dry = await thtl(dir, "run", "study.thtl", "--run-index", "1", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("b/tiny/seed1");
    expect(dry.out).not.toContain("a/tiny/seed1");
  });
});
