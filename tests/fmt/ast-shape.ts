import type { Document } from "../../src/language/ast.js";

/**
 * A document as the formatter must preserve it: without spans, the file name and the numbers'
 * raw text (which the formatter normalises), and with comments reduced to their text.
 */
export function shape(document: Document): unknown {
  return JSON.parse(
    JSON.stringify(document, (key, value) => (key === "span" || key === "raw" || key === "file" ? undefined : value)),
  );
}
