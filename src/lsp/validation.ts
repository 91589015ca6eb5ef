import { resolve } from "node:path";
import type { Connection } from "vscode-languageserver";
import { diagnosticsOfFile } from "./diagnostics.js";
import { pathOf, type Workspace } from "./workspace.js";

/**
 * Diagnostics as you type: after an edit and a short quiet time (so a burst of keys is checked
 * once), the edited file is checked and its diagnostics published, then the open files that
 * import it (their checks read its new text).
 */
export class Validation {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly settings: () => { debounceMs: number; diagnosticsDocs?: string | undefined },
  ) {}

  schedule(uri: string): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.validate(uri);
      }, this.settings().debounceMs),
    );
  }

  cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }

  private validate(uri: string): void {
    this.publish(uri);
    const edited = resolve(pathOf(uri));
    for (const other of this.workspace.openDocuments()) {
      if (other.uri === uri) continue;
      const files = this.workspace.analysis(other.uri)?.program?.files ?? [];
      if (files.some((file) => resolve(file.path) === edited)) this.publish(other.uri);
    }
  }

  private publish(uri: string): void {
    const analysis = this.workspace.analysis(uri);
    if (!analysis) return;
    const diagnostics = diagnosticsOfFile(analysis.diagnostics(), analysis.path, this.settings().diagnosticsDocs);
    void this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
  }
}
