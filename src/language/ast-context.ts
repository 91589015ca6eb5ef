import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** What the CST -> AST conversion carries along: the file being converted and the diagnostics it reports. */
export interface AstContext {
  file: string;
  diagnostics: Diagnostic[];
}
