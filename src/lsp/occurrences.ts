import { resolve } from "node:path";
import type { CheckContext } from "../check/index.js";
import type { Declared } from "../check/symbols.js";
import type { Name } from "../language/ast.js";
import { spanHas } from "./positions.js";

export type SymbolKind = "domain" | "model" | "schedule" | "experiment" | "stage";

/** A name in source that declares or refers to a declaration of the program. */
export interface Occurrence {
  kind: SymbolKind;
  name: Name;
  file: string;
  declaration: boolean;
  /** The declaration it names, as a key (see `declarationKey`); absent for unknown names. */
  target?: string;
}

/** Identifies a declaration across programs: its file (absolute) and where its name starts. */
export function declarationKey(file: string, name: Name): string {
  return `${resolve(file)}:${name.span.start.offset}`;
}

const keyOf = (declared: Declared<{ name: Name }> | undefined) => declared && declarationKey(declared.file, declared.decl.name);

/**
 * Every declaration and reference of a program, in every file of it. Names are global across a
 * file and its imports (one declaration per kind), so a reference resolves through the program's
 * symbol tables, exactly as the checker resolves it.
 */
export function occurrences(context: CheckContext): Occurrence[] {
  const { symbols } = context;
  const found: Occurrence[] = [];
  const ref = (kind: SymbolKind, name: Name, file: string, target: string | undefined) =>
    found.push({ kind, name, file, declaration: false, ...(target !== undefined && { target }) });
  for (const { decl, file } of context.declarations()) {
    if (decl.kind === "Import") continue;
    const kind = decl.kind.toLowerCase() as SymbolKind;
    found.push({ kind, name: decl.name, file, declaration: true, target: declarationKey(file, decl.name) });
    if (decl.kind === "Schedule") for (const stage of decl.stages) found.push({ kind: "stage", name: stage.name, file, declaration: true, target: declarationKey(file, stage.name) });
    if (decl.kind !== "Experiment") continue;
    for (const statement of decl.statements) {
      if (statement.kind === "Models") for (const name of statement.names) if (symbols.models.has(name.value)) ref("model", name, file, keyOf(symbols.models.get(name.value)));
      if (statement.kind !== "Chain") continue;
      if (statement.start.value !== "scratch") ref("domain", statement.start, file, keyOf(symbols.domains.get(statement.start.value)));
      for (const link of statement.links) {
        ref("domain", link.domain, file, keyOf(symbols.domains.get(link.domain.value)));
        if (link.schedule.kind === "Name") ref("schedule", link.schedule, file, keyOf(symbols.schedules.get(link.schedule.value)));
        else for (const stage of link.schedule.stages) found.push({ kind: "stage", name: stage.name, file, declaration: true, target: declarationKey(file, stage.name) });
      }
    }
  }
  return found;
}

/** The occurrence under the cursor in `file`, if any. */
export function occurrenceAt(all: readonly Occurrence[], file: string, offset: number): Occurrence | undefined {
  const path = resolve(file);
  return all.find((o) => resolve(o.file) === path && spanHas(o.name.span, offset));
}
