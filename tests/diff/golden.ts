import { existsSync, readFileSync } from "node:fs";
import { expect } from "vitest";
import { writeFileAtomic } from "../../src/util/atomic-write.js";

/**
 * Compares output with a golden file under `tests/diff/golden/`, strictly. `UPDATE_GOLDEN=1`
 * rewrites the golden files instead (review the change with `git diff` before committing it).
 */
export function expectGolden(actual: string, name: string): void {
  const path = new URL(`./golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileAtomic(path.pathname, actual);
    return;
  }
  expect(existsSync(path), `golden file tests/diff/golden/${name} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(path, "utf8"));
}
