import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnosticDocsUrl } from "./docs-url.js";
import { toRange } from "./positions.js";
import { uriOf } from "./workspace.js";

/**
 * A catalogue diagnostic as the LSP has it: the code links to its entry in docs/diagnostics.md,
 * related locations (the first declaration of a duplicate, ...) become related information.
 */
export function toLspDiagnostic(d: Diagnostic, docsBase?: string): LspDiagnostic {
  const result: LspDiagnostic = {
    range: toRange(d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    codeDescription: { href: diagnosticDocsUrl(d.code, d.severity, docsBase) },
    source: "thtl",
    message: d.message,
  };
  if (d.related) {
    result.relatedInformation = d.related.map((r) => ({
      location: { uri: uriOf(r.file), range: toRange(r.span) },
      message: r.message,
    }));
  }
  return result;
}

/** The diagnostics of one file of a program (those of its imports belong to the imported files). */
export function diagnosticsOfFile(all: readonly Diagnostic[], path: string, docsBase?: string): LspDiagnostic[] {
  return all.filter((d) => d.file === path).map((d) => toLspDiagnostic(d, docsBase));
}
