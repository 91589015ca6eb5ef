import { describe, expect, it } from "vitest";
import { parse } from "../../src/language/parse.js";
import { print } from "../../src/language/printer.js";
import { validSamples } from "../language/corpus.js";
import { shape } from "./ast-shape.js";

/**
 * Over every valid file we have (the spec's examples, examples/, schedules/, the golden files):
 * it parses without diagnostics, formatting keeps the AST, and formatting twice changes nothing.
 */
describe("formatting is idempotent and keeps the AST", () => {
  for (const sample of validSamples()) {
    it(sample.name, () => {
      const first = parse(sample.text, sample.name);
      expect(first.diagnostics).toEqual([]);
      const once = print(first.document);
      const second = parse(once, sample.name);
      expect(second.diagnostics).toEqual([]);
      expect(shape(second.document)).toEqual(shape(first.document));
      expect(print(second.document)).toBe(once);
    });
  }
});
