export type Severity = "error" | "warning";

/**
 * One catalogue entry. `message` is a template whose `{name}` placeholders are filled from the
 * arguments given when the diagnostic is made; `example` is a `.thtl` snippet (or a description,
 * for codes that no source can produce) that `docs/diagnostics.md` shows and a test checks.
 */
export interface CatalogueEntry {
  severity: Severity;
  message: string;
  example: string;
}

export type CodeTable = Record<string, CatalogueEntry>;
