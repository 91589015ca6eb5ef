import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/** Files of valid `.thtl` that the language tests run over: the spec's examples and the repository's. */

export const ROOT = resolve(import.meta.dirname, "../..");

/**
 * The spec lives outside the repository (`../shared/spec`); a copy sits in `fixtures/` so that a
 * clean checkout tests the same examples, and `spec-copy.test.ts` keeps the copy current.
 */
export const SPEC_COPY = join(ROOT, "tests/language/fixtures/thtl-language.md");
export const SHARED_SPEC = resolve(ROOT, "../shared/spec/thtl-language.md");

export interface Sample {
  name: string;
  text: string;
}

/** Every fenced ```thtl block of the spec, named `spec example N (line L)`. */
export function specExamples(): Sample[] {
  return fencedExamples(SPEC_COPY, "spec example");
}

/** Every fenced ```thtl block of the README, named `README example N (line L)`. */
export function readmeExamples(): Sample[] {
  return fencedExamples(join(ROOT, "README.md"), "README example");
}

function fencedExamples(file: string, label: string): Sample[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const samples: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```thtl") continue;
    const end = lines.indexOf("```", i + 1);
    samples.push({
      name: `${label} ${samples.length + 1} (line ${i + 2})`,
      text: lines.slice(i + 1, end).join("\n") + "\n",
    });
    i = end;
  }
  return samples;
}

/** Every `.thtl` file under a folder of the repository (`examples`, `schedules`), sorted. */
export function repositoryFiles(folder: string): Sample[] {
  const base = join(ROOT, folder);
  if (!existsSync(base)) return [];
  return readdirSync(base, { recursive: true, encoding: "utf8" })
    .filter((entry) => entry.endsWith(".thtl"))
    .sort()
    .map((entry) => ({ name: relative(ROOT, join(base, entry)), text: readFileSync(join(base, entry), "utf8") }));
}

/** All valid samples: spec examples, examples/, schedules/ and the formatter's golden outputs. */
export function validSamples(): Sample[] {
  return [
    ...specExamples(),
    ...repositoryFiles("examples"),
    ...repositoryFiles("schedules"),
    ...repositoryFiles("tests/fmt/golden"),
  ];
}
