import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { buildPlan, type ExperimentSpec } from "./plan-builder.js";

const dir = mkdtempSync(join(tmpdir(), "thtl-diff-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (lr: number): ExperimentSpec => ({
  name: "swft",
  models: ["resnet18"],
  chain: [
    {
      domain: "larynx",
      stages: [
        { name: "head", trainable: ["head"], lr },
        { name: "layer4", trainable: ["head", "layer4"] },
      ],
    },
  ],
});
writeFileSync(join(dir, "old.plan.json"), JSON.stringify(buildPlan([spec(1e-3)])));
writeFileSync(join(dir, "new.plan.json"), JSON.stringify(buildPlan([spec(5e-4)])));
writeFileSync(join(dir, "same.plan.json"), JSON.stringify(buildPlan([spec(1e-3)])));
writeFileSync(join(dir, "not-a-plan.json"), JSON.stringify({ hello: "world" }));
writeFileSync(join(dir, "broken.json"), "{ runs: [");
mkdirSync(join(dir, "folder.json"));
writeFileSync(
  join(dir, "truncated.json"),
  JSON.stringify({
    ...buildPlan([spec(1e-3)]),
    runs: [{ id: "swft/resnet18/seed1", hops: [{ domain: "larynx", stages: [{ name: "head" }] }] }],
  }),
);

async function thtl(args: string[], options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const recorded = recordingIO({ cwd: dir, ...options });
  const code = await main(["diff", ...args], recorded.io);
  return { code, out: recorded.out, err: recorded.err };
}

const LR_DIFF = [
  "~ run swft/resnet18/seed1",
  "    ~ hop larynx",
  "        ~ stage head # must re-run",
  "            ~ lr 1e-3 -> 5e-4",
  "              (11 unchanged settings hidden)",
  "        ~ stage layer4 # forces re-run: larynx/head changed",
  "",
  "Plan: 0 runs added, 1 changed, 0 removed; 2 stages to re-run, 0 reusable.",
  "",
].join("\n");

describe("thtl diff on plan files", () => {
  test("prints the change tree and exits 0", async () => {
    expect(await thtl(["old.plan.json", "new.plan.json"])).toEqual({ code: 0, out: LR_DIFF, err: "" });
  });

  test("--exit-code exits 1 when the plans differ and 0 when they do not", async () => {
    expect((await thtl(["old.plan.json", "new.plan.json", "--exit-code"])).code).toBe(1);
    expect(await thtl(["old.plan.json", "same.plan.json", "--exit-code"])).toEqual({
      code: 0,
      out: "No changes.\n",
      err: "",
    });
  });

  test("colours symbols on a terminal, unless NO_COLOR is set", async () => {
    const coloured = await thtl(["old.plan.json", "new.plan.json"], { tty: true });
    expect(coloured.out).toContain("\u001b[33m~\u001b[39m run swft/resnet18/seed1\n");
    expect(coloured.out).toContain("\u001b[1mPlan: 0 runs added");
    expect(coloured.out.replace(/\u001b\[\d+m/g, "")).toBe(LR_DIFF);
    expect((await thtl(["old.plan.json", "new.plan.json"], { tty: true, env: { NO_COLOR: "1" } })).out).toBe(LR_DIFF);
  });

  test("--format md is a pull-request comment", async () => {
    const { out } = await thtl(["old.plan.json", "new.plan.json", "--format", "md"]);
    expect(out).toBe(
      [
        "### thtl diff: `old.plan.json` → `new.plan.json`",
        "",
        "**Plan: 0 runs added, 1 changed, 0 removed; 2 stages to re-run, 0 reusable.**",
        "",
        "```diff",
        "! run swft/resnet18/seed1",
        "!     hop larynx",
        "!         stage head # must re-run",
        "!             lr 1e-3 -> 5e-4",
        "              (11 unchanged settings hidden)",
        "!         stage layer4 # forces re-run: larynx/head changed",
        "```",
        "",
      ].join("\n"),
    );
  });

  test("--json and --md are short for --format json and --format md", async () => {
    expect((await thtl(["old.plan.json", "new.plan.json", "--json"])).out).toBe(
      (await thtl(["old.plan.json", "new.plan.json", "--format", "json"])).out,
    );
    expect((await thtl(["old.plan.json", "new.plan.json", "--md"])).out).toBe(
      (await thtl(["old.plan.json", "new.plan.json", "--format", "md"])).out,
    );
  });

  test("--all shows the unchanged settings instead of their count", async () => {
    const { out } = await thtl(["old.plan.json", "new.plan.json", "--all"]);
    expect(out).toContain(
      "            ~ lr 1e-3 -> 5e-4\n              trainable head\n              partial none\n              epochs 5\n",
    );
    expect(out).not.toContain("hidden");
  });
});

describe("thtl diff errors", () => {
  test.each([
    [["missing.plan.json", "new.plan.json"], "thtl diff: cannot read 'missing.plan.json': the file does not exist\n"],
    [["old.plan.json", "missing.thtl"], "thtl diff: cannot read 'missing.thtl': the file does not exist\n"],
    [["old.plan.json", "folder.json"], "thtl diff: cannot read 'folder.json': it is a directory\n"],
    [["broken.json", "new.plan.json"], /^thtl diff: 'broken\.json' is not valid JSON: /],
    [
      ["old.plan.json", "not-a-plan.json"],
      "thtl diff: 'not-a-plan.json' is not a thtl plan (planVersion 1); compile one with `thtl compile`\n",
    ],
    [
      ["truncated.json", "new.plan.json"],
      "thtl diff: 'truncated.json' is not a complete thtl plan: swft/resnet18/seed1: larynx: stages[0] has no name, hash or trainable groups; compile it again with `thtl compile`\n",
    ],
  ])("%j exits 2 naming the side", async (args, message) => {
    const result = await thtl(args);
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    if (typeof message === "string") expect(result.err).toBe(message);
    else expect(result.err).toMatch(message);
  });

  test("usage mistakes exit 2 with the usage", async () => {
    const one = await thtl(["old.plan.json"]);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/^thtl diff: expected two sides, OLD and NEW, but got 1\n\nUsage: thtl diff/);
    const format = await thtl(["old.plan.json", "new.plan.json", "--format", "yaml"]);
    expect(format.code).toBe(2);
    expect(format.err).toMatch(/^thtl diff: unknown format 'yaml'; use text, md or json\n/);
    const both = await thtl(["old.plan.json", "new.plan.json", "--json", "--format", "md"]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/^thtl diff: choose one output format, not md and json\n/);
  });
});
