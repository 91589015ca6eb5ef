import type { Span } from "./location.js";
import type { Diagnostic, RelatedLocation } from "./diagnostic.js";
import { CLI_CODES } from "./codes/cli.js";
import { DATA_CODES } from "./codes/data.js";
import { RUNTIME_CODES } from "./codes/runtime.js";
import type { CatalogueEntry, CodeTable } from "./codes/entry.js";
import { SEMANTIC_CODES } from "./codes/semantic.js";
import { SYNTAX_CODES } from "./codes/syntax.js";

const TABLES: CodeTable[] = [SYNTAX_CODES, SEMANTIC_CODES, DATA_CODES, RUNTIME_CODES, CLI_CODES];

/** Every diagnostic code, merged from the tables under `codes/` (one range per file). */
export const CATALOGUE: Readonly<Record<string, CatalogueEntry>> = mergeTables(TABLES);

function mergeTables(tables: CodeTable[]): Record<string, CatalogueEntry> {
  const merged: Record<string, CatalogueEntry> = {};
  for (const table of tables) {
    for (const [code, entry] of Object.entries(table)) {
      if (Object.hasOwn(merged, code)) throw new Error(`diagnostic code ${code} is defined twice`);
      merged[code] = entry;
    }
  }
  return merged;
}

/**
 * The message of a catalogue entry with its `{name}` placeholders filled in, for problems that
 * have no place in a source file (data and runtime failures). An unknown code or a missing
 * argument is a bug in the caller, so it throws.
 */
export function catalogueMessage(code: string, args: Record<string, string | number>): string {
  const entry = Object.hasOwn(CATALOGUE, code) ? CATALOGUE[code] : undefined;
  if (!entry) throw new Error(`unknown diagnostic code ${code}`);
  return entry.message.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!Object.hasOwn(args, name)) throw new Error(`diagnostic ${code} needs the argument '${name}'`);
    return String(args[name]);
  });
}

/** Makes a diagnostic from its catalogue entry (see `catalogueMessage`). */
export function diagnostic(
  code: string,
  args: Record<string, string | number>,
  file: string,
  span: Span,
  related?: RelatedLocation[],
): Diagnostic {
  const message = catalogueMessage(code, args);
  const result: Diagnostic = { code, severity: CATALOGUE[code]!.severity, message, file, span };
  if (related && related.length > 0) result.related = related;
  return result;
}
