import type { Code } from "./codes/catalogue.js";
import type { Severity } from "./codes/entry.js";
import type { Span } from "./location.js";

export type { Severity };

/** A secondary location that helps explain a diagnostic (the first declaration of a duplicate). */
export interface RelatedLocation {
  message: string;
  file: string;
  span: Span;
}

/**
 * One problem found in a file. Every diagnostic comes from the catalogue (`catalogue.ts`), which
 * fixes its code, severity and message template, so the same problem always reads the same way.
 */
export interface Diagnostic {
  /** `THTL` followed by four digits, stable across releases. */
  code: Code;
  severity: Severity;
  /** One sentence that quotes the names involved. */
  message: string;
  file: string;
  span: Span;
  related?: RelatedLocation[];
}

/** The `--json` shape of spec section 6. */
export interface DiagnosticJson {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: { message: string; file: string; line: number; column: number; endLine: number; endColumn: number }[];
}
