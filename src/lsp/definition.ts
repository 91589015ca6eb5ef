import { dirname, isAbsolute, join } from "node:path";
import type { Location } from "vscode-languageserver";
import { nodesAt } from "./node-at.js";
import { occurrenceAt, occurrences } from "./occurrences.js";
import { toRange } from "./positions.js";
import { pathOf, uriOf, type Workspace } from "./workspace.js";

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Go to definition: a name to its declaration (in whichever file of the program), an import to its file. */
export function findDefinition(workspace: Workspace, uri: string, offset: number): Location | undefined {
  const analysis = workspace.analysis(uri);
  const document = analysis?.document;
  if (!document) return undefined;
  const path = nodesAt(document, offset);
  const importDecl = path.find((node) => node.kind === "Import");
  if (importDecl) {
    const target = (importDecl as unknown as { path: { value: string } }).path.value;
    return { uri: uriOf(isAbsolute(target) ? target : join(dirname(pathOf(uri)), target)), range: FILE_START };
  }
  // The declaration is in the document's own program: names resolve through its imports.
  const all = analysis.context ? occurrences(analysis.context) : [];
  const at = occurrenceAt(all, pathOf(uri), offset);
  const declaration = at?.target === undefined ? undefined : all.find((o) => o.declaration && o.target === at.target);
  return declaration && { uri: uriOf(declaration.file), range: toRange(declaration.name.span) };
}
