import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { textconvCommand } from "../../src/cli/commands/git-setup.js";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { TestRepo } from "./repo.js";

let repo: TestRepo;
beforeEach(() => {
  repo = new TestRepo();
});
afterEach(() => repo.remove());

async function gitSetup(cwd: string, ...args: string[]) {
  const recorded = recordingIO({ cwd, env: repo.env });
  const code = await main(["git-setup", ...args], recorded.io);
  return { code, out: recorded.out, err: recorded.err };
}

const BIN = fileURLToPath(new URL("../../bin/thtl.js", import.meta.url));

describe("thtl git-setup", () => {
  test("adds the attributes and the textconv driver to the repository, once", async () => {
    writeFileSync(join(repo.root, ".gitattributes"), "*.png binary");
    const first = await gitSetup(repo.root);
    expect(first).toEqual({
      code: 0,
      out: "",
      err:
        "Added to .gitattributes: *.thtl diff=thtl, *.plan.json linguist-generated\n" +
        "Set diff.thtl.textconv and diff.thtl.cachetextconv in the repository's git config.\n",
    });
    const attributes = "*.png binary\n*.thtl diff=thtl\n*.plan.json linguist-generated\n";
    expect(readFileSync(join(repo.root, ".gitattributes"), "utf8")).toBe(attributes);
    expect(repo.git("config", "--local", "diff.thtl.textconv").trim()).toBe(textconvCommand());
    expect(repo.git("config", "--local", "diff.thtl.cachetextconv").trim()).toBe("true");

    const second = await gitSetup(repo.root);
    expect(second.code).toBe(0);
    expect(second.err).toBe(
      ".gitattributes already has: *.thtl diff=thtl, *.plan.json linguist-generated\n" +
        "Set diff.thtl.textconv and diff.thtl.cachetextconv in the repository's git config.\n",
    );
    expect(readFileSync(join(repo.root, ".gitattributes"), "utf8")).toBe(attributes);
    expect(repo.git("config", "--local", "--get-all", "diff.thtl.textconv").trim().split("\n")).toHaveLength(1);
  });

  test("the textconv command runs this package's bin by absolute path, and falls back to the raw text", () => {
    expect(textconvCommand()).toBe(
      `sh -c 'out=$(node "$0" fmt --stdout "$1" 2>/dev/null) && printf "%s\\n" "$out" || cat "$1"' '${BIN}'`,
    );
  });

  test("git diff then runs the driver on .thtl files", async () => {
    await gitSetup(repo.root);
    repo.commit("first", { "a.thtl": "version 1\n" });
    repo.write({ "a.thtl": "version 1\n# a comment\n" });
    const shown = repo.git("diff", "--", "a.thtl");
    expect(shown).toContain("+# a comment");
    expect(repo.git("check-attr", "diff", "--", "a.thtl").trim()).toBe("a.thtl: diff: thtl");
  });

  test("in a sub-folder it writes the repository's root .gitattributes", async () => {
    repo.write({ "designs/x.thtl": "version 1\n" });
    const result = await gitSetup(join(repo.root, "designs"));
    expect(result.err.split("\n")[0]).toBe(
      "Added to ../.gitattributes: *.thtl diff=thtl, *.plan.json linguist-generated",
    );
    expect(existsSync(join(repo.root, "designs/.gitattributes"))).toBe(false);
  });

  test("--global writes the user's git config and git's default attributes file", async () => {
    const first = await gitSetup(repo.dir, "--global");
    expect(first.code).toBe(0);
    const attributes = join(repo.dir, ".config/git/attributes");
    expect(readFileSync(attributes, "utf8")).toBe("*.thtl diff=thtl\n");
    expect(repo.git("config", "--global", "diff.thtl.cachetextconv").trim()).toBe("true");
    await gitSetup(repo.dir, "--global");
    expect(readFileSync(attributes, "utf8")).toBe("*.thtl diff=thtl\n");
  });

  test("--global honours core.attributesFile", async () => {
    repo.git("config", "--global", "core.attributesFile", "~/my-attributes");
    await gitSetup(repo.dir, "--global");
    expect(readFileSync(join(repo.dir, "my-attributes"), "utf8")).toBe("*.thtl diff=thtl\n");
  });

  test("outside a repository, without --global, it is an error that says what to do", async () => {
    const result = await gitSetup(repo.dir);
    expect(result).toEqual({
      code: 2,
      out: "",
      err: `thtl git-setup: '${repo.dir}' is not inside a git repository; run this in one, or use --global\n`,
    });
  });
});
