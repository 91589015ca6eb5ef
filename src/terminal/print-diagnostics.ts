import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostics, toDiagnosticJson } from "../diagnostics/format.js";

/** Diagnostics with code frames and a summary line, or (`json`) as the JSON array of spec section 6. */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: { json: boolean; color: boolean },
): string {
  if (options.json) return `${JSON.stringify(diagnostics.map(toDiagnosticJson), null, 2)}\n`;
  return formatDiagnostics(diagnostics, (file) => sources.get(file), { color: options.color });
}
