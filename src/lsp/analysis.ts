import { checkFile, type CheckContext, type Program, type SourceHost } from "../check/index.js";
import { CachedContext } from "./cached-context.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { loadProgram } from "../check/program.js";

/**
 * What the server knows of one open file at one version: the program it roots (the file and its
 * imports, parsed, with error recovery), the checker's context over it, and its diagnostics.
 * Parsing and name resolution are done at once; the semantic rules (the costly part) only when
 * diagnostics are asked for, so completion on a freshly edited file does not wait for them.
 */
export class Analysis {
  private checked: Diagnostic[] | undefined;
  private ctx: CheckContext | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly version: number,
    readonly program: Program | undefined,
    private readonly host: SourceHost,
  ) {}

  static load(path: string, text: string, version: number, host: SourceHost): Analysis {
    return new Analysis(path, text, version, loadProgram(path, host).program, host);
  }

  /** Names and resolved experiments, even over a tree that has syntax errors. */
  get context(): CheckContext | undefined {
    if (!this.program) return undefined;
    return (this.ctx ??= new CachedContext(this.program, this.host));
  }

  /** The document's syntax tree (present whenever the file could be read). */
  get document() {
    return this.program?.root.document;
  }

  /** Every diagnostic of the program, as `thtl check` reports them (the rules run once per version). */
  diagnostics(): Diagnostic[] {
    // The same entry point as `thtl check`; the host has this version's parse cached.
    return (this.checked ??= checkFile(
      this.path,
      this.host,
      (program) => new CachedContext(program, this.host),
    ).diagnostics);
  }
}
