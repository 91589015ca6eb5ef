import fc from "fast-check";
import { expect, test } from "vitest";
import { repositoryFiles, specExamples } from "../language/corpus.js";
import { compileFiles } from "./helpers.js";

const corpus = [
  ...specExamples().map((s) => s.text),
  ...repositoryFiles("examples")
    .filter((f) => !f.text.includes("import "))
    .map((f) => f.text),
];

/** Mutations that keep most files parseable, so that the semantic rules and the compiler see odd but valid trees. */
const mutation = fc.record({
  file: fc.nat({ max: corpus.length - 1 }),
  line: fc.nat(),
  action: fc.constantFrom("delete", "duplicate", "swap"),
  other: fc.nat(),
});

test("checking and compiling mutated files never throws; every diagnostic lies inside its file", () => {
  fc.assert(
    fc.property(mutation, ({ file, line, action, other }) => {
      const lines = corpus[file]!.split("\n");
      const at = line % lines.length;
      const to = other % lines.length;
      if (action === "delete") lines.splice(at, 1);
      else if (action === "duplicate") lines.splice(to, 0, lines[at]!);
      else [lines[at], lines[to]] = [lines[to]!, lines[at]!];
      const text = lines.join("\n");
      const { diagnostics } = compileFiles(text);
      for (const d of diagnostics) {
        expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
        expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
      }
    }),
    { numRuns: 300, seed: 20261128 },
  );
});
