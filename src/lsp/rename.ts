import { LSPErrorCodes, ResponseError, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { ARCHITECTURE_NAMES } from "../models/catalogue.js";
import type { Occurrence } from "./occurrences.js";
import { toRange } from "./positions.js";
import { occurrencesOf, symbolAt } from "./references.js";
import { uriOf, type Workspace } from "./workspace.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function refuse(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

/** The name under the cursor, when it is one that can be renamed; throws saying why not otherwise. */
export function prepareRename(
  workspace: Workspace,
  uri: string,
  offset: number,
): { range: Range; placeholder: string } {
  const at = symbolAt(workspace, uri, offset);
  if (!at?.target) throw refuse("only the names of domains, models, schedules, experiments and stages can be renamed");
  return { range: toRange(at.name.span), placeholder: at.name.value };
}

/** Renames a declaration and every reference to it, in every file that can see it. */
export function rename(
  workspace: Workspace,
  uri: string,
  offset: number,
  newName: string,
  folders: readonly string[],
): WorkspaceEdit {
  const at = symbolAt(workspace, uri, offset);
  if (!at?.target) throw refuse("only the names of domains, models, schedules, experiments and stages can be renamed");
  const problem = nameProblem(workspace, uri, at, newName);
  if (problem) throw refuse(problem);
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrencesOf(workspace, uri, at.target, folders)) {
    (changes[uriOf(o.file)] ??= []).push({ range: toRange(o.name.span), newText: newName });
  }
  return { changes };
}

function nameProblem(workspace: Workspace, uri: string, at: Occurrence, newName: string): string | undefined {
  if (!NAME.test(newName)) return `'${newName}' is not a name: use letters, digits and '_', not starting with a digit`;
  if (at.kind === "domain" && newName === "scratch")
    return "'scratch' starts a chain from random weights: a domain cannot take that name";
  if (at.kind === "model" && ARCHITECTURE_NAMES.includes(newName))
    return `'${newName}' is a built-in architecture: give the variant another name`;
  const symbols = workspace.analysis(uri)?.context?.symbols;
  const table = at.kind === "stage" ? undefined : symbols?.[`${at.kind}s`];
  if (newName !== at.name.value && table?.has(newName)) return `there is already a ${at.kind} named '${newName}'`;
  return undefined;
}
