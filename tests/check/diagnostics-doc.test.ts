import { readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { CATALOGUE } from "../../src/diagnostics/catalogue.js";
import type { CatalogueEntry } from "../../src/diagnostics/codes/entry.js";

const DOC = new URL("../../docs/diagnostics.md", import.meta.url);

const RANGES: [string, string][] = [
  ["1", "THTL1000-1099: syntax (lexer and parser)"],
  ["2", "THTL2000-2999: semantic checks (names, domains, schedules, selectors, chains, imports)"],
  ["3", "THTL3000-3099: data loading and inspection"],
  ["4", "THTL4000-4099: runtime (weights, training guards, resume)"],
  ["5", "THTL5000-5099: command line (files and arguments)"],
];

const INTRO = `# Diagnostics

Every problem thtl reports has a stable code, a severity and a one-sentence message that quotes the
names involved. \`thtl check\` prints each as \`FILE:LINE:COLUMN: SEVERITY CODE: MESSAGE\` with the
source line underlined; \`--json\` prints \`{code, severity, message, file, line, column, endLine,
endColumn, related}\` objects. Errors exit 1; warnings alone exit 0. \`thtl check\` prints problems
on stdout, since they are its output (as tsc and ESLint do), and \`N files checked: no problems\`
on stderr when there are none; \`thtl compile\` and \`thtl explain\` print them on stderr, keeping
stdout for the plan or the explanation. Colour only on a terminal, never with \`NO_COLOR\`.

Placeholders in braces are filled in when the problem is reported. \`{hint}\` is a "did you mean"
suggestion (\`; did you mean 'resnet18'?\`) when a known name is close, for short fixed lists the
list itself, and otherwise nothing.

The semantic checks (\`src/check/rules/\`, one rule per file) run once a file and its imports
have been read and parsed without errors: on a broken tree they would mostly repeat the syntax
errors in other words. Where the language reference is silent, they decide as follows:

- Names are global across a file and its imports, one declaration per kind; a problem in a file
  imported by several checked files is reported once.
- Unused domains and schedules (THTL2011, THTL2012) are reported only in files that declare an
  experiment, and only for their own declarations: a file without experiments is a library.
- A problem that comes from combining two declarations belongs to the experiment that combines
  them: it is reported at that experiment's \`models\` entry, with a note at the other
  declaration's statement. So an input too small for an architecture (THTL2073) is reported at
  the model when a domain's \`image\` sets it (other experiments may run that domain fine), and at
  the \`input\` statement of an experiment or variant when that sets it.
- Selectors are resolved against every model of every experiment that runs the schedule. A
  problem that every such model shows is the schedule's: reported once, at the selector or
  stage, naming the first model. One that only some show (THTL2054-THTL2060) is the combination's:
  reported at the \`models\` entry of each such model.
- \`unfreeze\` and \`freeze\` warn (THTL2058, THTL2059) only when the selector changes nothing at
  all; \`unfreeze layer3..head\` after \`train head\` is fine.
- A stage's own \`lr SEL X\` for groups frozen throughout that stage is a warning (THTL2060);
  in \`defaults\` it is not, since gradual unfreezing sets a group's rate before unfreezing it.
- A block gives each statement once (THTL2009); lists (\`classes\`, \`models\`, \`seeds\`,
  \`augment\`) name each item once (THTL2010); a data domain has at least two classes (THTL2029).
- Every part of a \`split\` is positive (THTL2024): a validation split is needed for
  \`keep best\` and early stopping, and a test split of 0 is written as a two-way split.
- Numbers: \`epochs\`, \`batch\`, \`patience\`, \`last N\`, \`step EVERY\` and synth counts are
  positive whole numbers; \`lr\` and \`width\` positive; \`dropout\` and \`momentum\` in [0, 1);
  \`weight_decay\` 0 or more; step factors, \`crop\` and \`jitter\` in (0, 1]; \`rotate\` in
  (0, 180] degrees; seeds whole numbers from 0.
- A weights domain may list \`classes\` (the pretrained classifier is kept when the first data
  domain has the same ones); \`positive\`, \`split\`, \`image\` and \`augment\` there are
  warnings (THTL2031), since it has no data.
- A variant may not take a built-in architecture's name (THTL2007); a \`classes\` list beside
  \`data synth\` renames the kind's classes and must have as many (THTL2032).
- All data domains of a chain have the same image mode (THTL2075) and, unless the experiment
  sets \`input\`, the same \`image\` size (THTL2074).

This file is generated from the catalogue (\`src/diagnostics/codes/\`) and checked by
\`tests/check/diagnostics-doc.test.ts\`; after adding a code, run
\`THTL_UPDATE_DOCS=1 npx vitest run tests/check/diagnostics-doc.test.ts\`.
`;

/** Examples that are source text are shown as code; descriptions of situations as prose. */
function renderExample(example: string): string {
  if (/^(#|version|import|domain|model|schedule|experiment|stage)\b/.test(example)) return "```thtl\n" + example + "\n```";
  return `Example: ${example}`;
}

function renderEntry(code: string, entry: CatalogueEntry): string {
  // A double-backtick code span shows the message's own backticks and backslashes as written.
  return `### ${code} (${entry.severity})\n\nMessage: \`\` ${entry.message} \`\`\n\n${renderExample(entry.example)}\n`;
}

function render(): string {
  const codes = Object.keys(CATALOGUE).sort();
  const sections = RANGES.map(([digit, title]) => {
    const entries = codes.filter((code) => code[4] === digit);
    const body = entries.length === 0 ? "No codes yet.\n" : entries.map((code) => renderEntry(code, CATALOGUE[code]!)).join("\n");
    return `## ${title}\n\n${body}`;
  });
  return `${INTRO}\n${sections.join("\n")}`;
}

test("docs/diagnostics.md lists every code of the catalogue, and no other", () => {
  if (process.env.THTL_UPDATE_DOCS) writeFileSync(DOC, render());
  const doc = readFileSync(DOC, "utf8");
  const documented = [...doc.matchAll(/^### (THTL\d{4}) /gm)].map((match) => match[1]);
  expect(documented).toEqual(Object.keys(CATALOGUE).sort());
  expect(doc).toBe(render());
});
