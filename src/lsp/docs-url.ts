/**
 * Where a diagnostic's code is explained: its entry in `docs/diagnostics.md`, whose headings
 * (`### THTL2003 (error)`) get GitHub-style anchors (`#thtl2003-error`). By default the copy
 * installed with thtl (the package ships `docs/`), so the link works offline and matches the
 * installed version; clients may pass another base (a repository's web address) in
 * `initializationOptions.diagnosticsDocs`.
 */
export const INSTALLED_DIAGNOSTICS_DOC = new URL("../../docs/diagnostics.md", import.meta.url).href;

export function diagnosticDocsUrl(
  code: string,
  severity: "error" | "warning",
  base: string = INSTALLED_DIAGNOSTICS_DOC,
): string {
  return `${base}#${code.toLowerCase()}-${severity}`;
}
