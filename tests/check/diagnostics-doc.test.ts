import { readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { CATALOGUE, CODE_RANGES } from "../../src/diagnostics/catalogue.js";
import type { CatalogueEntry } from "../../src/diagnostics/codes/entry.js";

const DOC = new URL("../../docs/diagnostics.md", import.meta.url);

/** Everything after this line is rendered from the catalogue; the prose above it is the doc's own. */
const MARKER = "<!-- generated from src/diagnostics/codes/: do not edit below this line -->\n";

/** Examples that are source text are shown as code; descriptions of situations as prose. */
function renderExample(example: string): string {
  if (/^(#|version|import|domain|model|schedule|experiment|stage)\b/.test(example))
    return "```thtl\n" + example + "\n```";
  return `Example: ${example}`;
}

function renderEntry(code: string, entry: CatalogueEntry): string {
  // A double-backtick code span shows the message's own backticks and backslashes as written.
  return `### ${code} (${entry.severity})\n\nMessage: \`\` ${entry.message} \`\`\n\n${renderExample(entry.example)}\n`;
}

function render(): string {
  const sections = CODE_RANGES.map(({ title, codes }) => {
    const entries = Object.entries(codes).sort(([a], [b]) => a.localeCompare(b));
    const body =
      entries.length === 0 ? "No codes yet.\n" : entries.map(([code, entry]) => renderEntry(code, entry)).join("\n");
    return `## ${title}\n\n${body}`;
  });
  return sections.join("\n");
}

test("docs/diagnostics.md lists every code of the catalogue, and no other", () => {
  const written = readFileSync(DOC, "utf8");
  const prose = written.slice(0, written.indexOf(MARKER) + MARKER.length);
  expect(prose).toContain(MARKER);
  if (process.env.THTL_UPDATE_DOCS) writeFileSync(DOC, prose + render());
  const doc = readFileSync(DOC, "utf8");
  const documented = [...doc.matchAll(/^### (THTL\d{4}) /gm)].map((match) => match[1]);
  expect(documented).toEqual(Object.keys(CATALOGUE).sort());
  expect(doc).toBe(prose + render());
});
