import { resolve } from "node:path";
import type { Location } from "vscode-languageserver";
import { occurrenceAt, occurrences, type Occurrence } from "./occurrences.js";
import { toRange } from "./positions.js";
import { thtlFilesUnder } from "./workspace-files.js";
import { pathOf, uriOf, type Workspace } from "./workspace.js";

/** The occurrence under the cursor of an open document, resolved in its own program. */
export function symbolAt(workspace: Workspace, uri: string, offset: number): Occurrence | undefined {
  const context = workspace.analysis(uri)?.context;
  return context && occurrenceAt(occurrences(context), pathOf(uri), offset);
}

/**
 * Every occurrence of the declaration `target` in the programs rooted at the document, at the
 * other open documents and at the workspace's `.thtl` files (which may import the declaring
 * file), each place once.
 */
export function occurrencesOf(
  workspace: Workspace,
  uri: string,
  target: string,
  folders: readonly string[],
): Occurrence[] {
  const roots = new Set([
    resolve(pathOf(uri)),
    ...workspace.openDocuments().map((d) => resolve(pathOf(d.uri))),
    ...thtlFilesUnder(folders),
  ]);
  const seen = new Set<string>();
  const found: Occurrence[] = [];
  for (const root of roots) {
    const context = workspace.analysisOfPath(root)?.context;
    for (const occurrence of context ? occurrences(context) : []) {
      const place = `${resolve(occurrence.file)}:${occurrence.name.span.start.offset}`;
      if (occurrence.target !== target || seen.has(place)) continue;
      seen.add(place);
      found.push(occurrence);
    }
  }
  return found;
}

export function findReferences(
  workspace: Workspace,
  uri: string,
  offset: number,
  includeDeclaration: boolean,
  folders: readonly string[],
): Location[] {
  const at = symbolAt(workspace, uri, offset);
  if (!at?.target) return [];
  return occurrencesOf(workspace, uri, at.target, folders)
    .filter((o) => includeDeclaration || !o.declaration)
    .map((o) => ({ uri: uriOf(o.file), range: toRange(o.name.span) }));
}
