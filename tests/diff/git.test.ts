import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { TestRepo } from "./repo.js";

const common = (seed: number) => `domain imagenet { weights "weights/{model}-imagenet" }
domain larynx {
  data imagefolder "data/larynx"
  classes benign, malignant
  split 80/20 seed ${seed}
  image 32x32
}
`;

const design = (lr: string, experiment = "swft") => `import "common.thtl"
schedule swft {
  stage head   { train head; epochs 2; lr ${lr} }
  stage layer4 { unfreeze layer4; epochs 2; lr 1e-4 }
}
experiment ${experiment} {
  models resnet18
  chain imagenet -> larynx with swft
}
`;

let repo: TestRepo;
beforeEach(() => {
  repo = new TestRepo();
  repo.commit("first", {
    "designs/common.thtl": common(7),
    "designs/main.thtl": design("1e-3"),
    "designs/other.thtl": design("1e-3", "other"),
  });
});
afterEach(() => repo.remove());

async function thtl(cwd: string, ...args: string[]) {
  const recorded = recordingIO({ cwd, env: repo.env });
  const code = await main(args, recorded.io);
  return { code, out: recorded.out, err: recorded.err };
}

describe("thtl diff REV:PATH", () => {
  test("reads a side from git, with its imports at the same revision", async () => {
    repo.commit("second", { "designs/common.thtl": common(8) });
    const result = await thtl(`${repo.root}/designs`, "diff", "HEAD~1:main.thtl", "HEAD:main.thtl");
    expect(result).toEqual({
      code: 0,
      err: "",
      out: [
        "~ run swft/resnet18/seed1",
        "    ~ hop larynx",
        "        ~ split 80/20 seed 7 -> 80/20 seed 8",
        "          (6 unchanged settings hidden)",
        "        ~ stage head # forces re-run: larynx split changed",
        "        ~ stage layer4 # forces re-run: larynx split changed",
        "",
        "Plan: 0 runs added, 1 changed, 0 removed; 2 stages to re-run, 0 reusable.",
        "",
      ].join("\n"),
    });
  });

  test("compares a revision with the working tree, paths relative to the current folder", async () => {
    repo.write({ "designs/main.thtl": design("5e-4") });
    const result = await thtl(repo.root, "diff", "main:designs/main.thtl", "designs/main.thtl", "--exit-code");
    expect(result.code).toBe(1);
    expect(result.out).toContain("        ~ stage head # must re-run\n            ~ lr 1e-3 -> 5e-4\n");
  });

  test("a side that does not compile at a revision is named REV:PATH in its diagnostics", async () => {
    repo.commit("broken", { "designs/main.thtl": design("1e-3").replace("with swft", "with swfy") });
    const result = await thtl(`${repo.root}/designs`, "diff", "HEAD:main.thtl", "HEAD~1:main.thtl");
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    expect(result.err.startsWith("thtl diff: 'HEAD:main.thtl' does not compile:\n\nHEAD:main.thtl:")).toBe(true);
    expect(result.err).toContain(
      "HEAD:main.thtl:8:33: error THTL2004: unknown schedule 'swfy'; did you mean 'swft'?\n8 |   chain imagenet -> larynx with swfy\n",
    );
    expect(result.err.endsWith("\n1 error, 1 warning\n")).toBe(true);
  });

  test("an unknown revision or a path missing at the revision is an error naming it", async () => {
    const unknown = await thtl(repo.root, "diff", "nosuch:designs/main.thtl", "designs/main.thtl");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^thtl diff: cannot read 'nosuch:designs\/main\.thtl': .*nosuch/);
    const missing = await thtl(repo.root, "diff", "HEAD:designs/gone.thtl", "designs/main.thtl");
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(
      /^thtl diff: 'HEAD:designs\/gone\.thtl' does not compile:\n\nHEAD:designs\/gone\.thtl:1:1: error THTL5000: /,
    );
  });
});

describe("thtl diff --git", () => {
  test("compares every changed, added, deleted and importing .thtl file with HEAD", async () => {
    repo.write({ "designs/common.thtl": common(8), "designs/added.thtl": design("1e-3", "added") });
    repo.git("rm", "-q", "designs/other.thtl");
    const result = await thtl(repo.root, "diff", "--git");
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const headers = result.out.split("\n").filter((line) => line.startsWith("diff "));
    expect(headers).toEqual([
      "diff /dev/null designs/added.thtl",
      "diff HEAD:designs/common.thtl designs/common.thtl",
      "diff HEAD:designs/main.thtl designs/main.thtl",
      "diff HEAD:designs/other.thtl /dev/null",
    ]);
    expect(result.out).toContain(
      "diff /dev/null designs/added.thtl\n+ experiment added\n    + models resnet18\n    + seeds 1\n+ run added/resnet18/seed1 # 2 stages to run\n",
    );
    expect(result.out).toContain("diff HEAD:designs/common.thtl designs/common.thtl\nNo changes.\n");
    expect(result.out).toContain(
      "diff HEAD:designs/other.thtl /dev/null\n- experiment other\n    - models resnet18\n    - seeds 1\n- run other/resnet18/seed1\n",
    );
  });

  test("takes a revision, and says so when nothing changed", async () => {
    repo.commit("second", { "designs/main.thtl": design("5e-4") });
    const sinceFirst = await thtl(repo.root, "diff", "--git", "HEAD~1", "--format", "json");
    const document = JSON.parse(sinceFirst.out);
    expect(document.comparisons.map((c: { old: string; new: string }) => [c.old, c.new])).toEqual([
      ["HEAD~1:designs/main.thtl", "designs/main.thtl"],
    ]);
    expect(await thtl(repo.root, "diff", "--git")).toEqual({ code: 0, out: "No changed .thtl files.\n", err: "" });
  });

  test("outside a repository it is an error", async () => {
    const result = await thtl(repo.dir, "diff", "--git");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^thtl diff: not a git repository/);
  });
});
