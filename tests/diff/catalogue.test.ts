import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { recordingIO } from "../../src/util/io.js";
import { expectGolden } from "./golden.js";

/**
 * The catalogue of changes: each folder under `catalogue/` holds an old and a new design (a
 * single file, or a folder of files for imports), and its diff in every format is a golden file.
 */
const CATALOGUE = fileURLToPath(new URL("./catalogue/", import.meta.url));
const CASES = readdirSync(CATALOGUE).sort();
const FORMATS = { text: "txt", md: "md", json: "json" } as const;

function sides(name: string): [string, string] {
  const files = readdirSync(`${CATALOGUE}${name}`);
  return files.includes("old.thtl")
    ? [`${name}/old.thtl`, `${name}/new.thtl`]
    : [`${name}/old/main.thtl`, `${name}/new/main.thtl`];
}

async function diff(name: string, ...options: string[]) {
  const recorded = recordingIO({ cwd: CATALOGUE });
  const code = await main(["diff", ...sides(name), ...options], recorded.io);
  return { code, out: recorded.out, err: recorded.err };
}

describe.each(CASES)("catalogue: %s", (name) => {
  test.each(Object.entries(FORMATS))("--format %s matches its golden file", async (format, extension) => {
    const { code, out, err } = await diff(name, "--format", format);
    expect(err).toBe("");
    expect(code).toBe(0);
    expectGolden(out, `${name}.${extension}`);
  });

  test("--exit-code says whether the plans differ", async () => {
    const { code } = await diff(name, "--exit-code");
    expect(code).toBe(name === "comment-only" ? 0 : 1);
  });
});
