import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { createHost, type SourceHost } from "../check/index.js";
import { Analysis } from "./analysis.js";
import { IncrementalParser } from "./incremental-parse.js";
import { parse } from "../language/parse.js";

/**
 * The files the server knows: open documents (their editor text wins over the disk, so imports
 * see unsaved edits) and, for everything else, the file system. One host for the server's life,
 * so that a file's parse is reused for as long as its text is unchanged.
 */
export class Workspace {
  private readonly open = new Map<string, TextDocument>();
  private readonly analyses = new Map<string, { analysis: Analysis; generation: number }>();
  /** Counts edits to any open file: an analysis is stale when an import of its file changed too. */
  private generation = 0;
  private readonly disk = createHost();
  readonly host: SourceHost = {
    readSource: (path) => {
      const document = this.open.get(resolve(path));
      return document ? { text: document.getText() } : this.disk.readSource(path);
    },
    listFolders: (path) => this.disk.listFolders(path),
    readDataFile: (path) => this.disk.readDataFile(path),
    weightsVariant: (path) => this.disk.weightsVariant(path),
    parse: (text, path) => {
      const key = resolve(path);
      if (!this.open.has(key)) return parse(text, path);
      let parser = this.parsers.get(key);
      if (!parser) this.parsers.set(key, (parser = new IncrementalParser()));
      return parser.parse(text, path);
    },
  };
  /** One per open file: its declarations' trees are reused from one version to the next. */
  private readonly parsers = new Map<string, IncrementalParser>();

  update(document: TextDocument): void {
    this.open.set(resolve(pathOf(document.uri)), document);
    this.generation++;
  }

  /** Files changed on disk (saved by another program): every analysis may have read one. */
  filesChanged(): void {
    this.generation++;
  }

  close(uri: string): void {
    this.open.delete(resolve(pathOf(uri)));
    this.parsers.delete(resolve(pathOf(uri)));
    this.analyses.delete(uri);
    this.generation++;
  }

  document(uri: string): TextDocument | undefined {
    return this.open.get(resolve(pathOf(uri)));
  }

  openDocuments(): TextDocument[] {
    return [...this.open.values()];
  }

  /** The analysis of a document's current version, made on first request. */
  analysis(uri: string): Analysis | undefined {
    const document = this.document(uri);
    if (!document) return undefined;
    const cached = this.analyses.get(uri);
    if (cached?.analysis.version === document.version && cached.generation === this.generation) return cached.analysis;
    const fresh = Analysis.load(pathOf(uri), document.getText(), document.version, this.host);
    this.analyses.set(uri, { analysis: fresh, generation: this.generation });
    return fresh;
  }

  /** The last analysis made, whatever its version: enough for names while the next one is pending. */
  latestAnalysis(uri: string): Analysis | undefined {
    return this.analyses.get(uri)?.analysis ?? this.analysis(uri);
  }

  /** An analysis of a file that may not be open (for references across files). */
  analysisOfPath(path: string): Analysis | undefined {
    const document = this.open.get(resolve(path));
    if (document) return this.analysis(document.uri);
    const read = this.host.readSource(path);
    return "text" in read ? Analysis.load(path, read.text, -1, this.host) : undefined;
  }
}

/** File URIs map to absolute paths; other schemes (unsaved buffers) keep their URI as a name. */
export function pathOf(uri: string): string {
  return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
}

export function uriOf(path: string): string {
  return path.includes(":") && !path.startsWith("/") && !/^[A-Za-z]:/.test(path)
    ? path
    : pathToFileURL(resolve(path)).href;
}
