import { describe, expect, it } from "vitest";
import { parse } from "../../src/language/parse.js";
import { print } from "../../src/language/printer.js";
import { repositoryFiles } from "../language/corpus.js";

/**
 * The files we ship are what users copy from, so they are already what `thtl fmt --write` makes
 * of them. (The spec's examples are the founding text, quoted as written; the README's tour
 * aligns its comments for reading; neither is held to this.)
 */
describe("every shipped .thtl file is in canonical form", () => {
  const files = [...repositoryFiles("examples"), ...repositoryFiles("schedules")];

  it("there are files to hold to it", () => {
    expect(files.map((file) => file.name)).toEqual(
      expect.arrayContaining(["examples/quickstart.thtl", "schedules/study.thtl"]),
    );
  });

  for (const file of files) {
    it(file.name, () => {
      const { document, diagnostics } = parse(file.text, file.name);
      expect(diagnostics).toEqual([]);
      expect(print(document)).toBe(file.text);
    });
  }
});
