import { resolve } from "node:path";
import type { CheckContext } from "../check/index.js";
import type { Declared, Symbols } from "../check/symbols.js";
import type { ExperimentDecl, Name } from "../language/ast.js";
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

/**
 * Every declaration and reference of a program, in every file of it. Names are global across a
 * file and its imports (one declaration per kind), so a reference resolves through the program's
 * symbol tables, exactly as the checker resolves it.
 */
export function occurrences(context: CheckContext): Occurrence[] {
  const found: Occurrence[] = [];
  const declare = (kind: SymbolKind, name: Name, file: string) =>
    found.push({ kind, name, file, declaration: true, target: declarationKey(file, name) });
  for (const { decl, file } of context.declarations()) {
    if (decl.kind === "Import") continue;
    declare(decl.kind.toLowerCase() as SymbolKind, decl.name, file);
    if (decl.kind === "Schedule") for (const stage of decl.stages) declare("stage", stage.name, file);
    if (decl.kind === "Experiment") experimentOccurrences(decl, file, context.symbols, found, declare);
  }
  return found;
}

/** The names an experiment uses (variants, domains, schedules) and the stages of its inline schedules. */
function experimentOccurrences(
  decl: ExperimentDecl,
  file: string,
  symbols: Symbols,
  found: Occurrence[],
  declare: (kind: SymbolKind, name: Name, file: string) => void,
) {
  const use = (kind: SymbolKind, name: Name, declared: Declared<{ name: Name }> | undefined) =>
    found.push({
      kind,
      name,
      file,
      declaration: false,
      ...(declared && { target: declarationKey(declared.file, declared.decl.name) }),
    });
  for (const statement of decl.statements) {
    if (statement.kind === "Models") {
      for (const name of statement.names)
        if (symbols.models.has(name.value)) use("model", name, symbols.models.get(name.value));
    }
    if (statement.kind !== "Chain") continue;
    if (statement.start.value !== "scratch") use("domain", statement.start, symbols.domains.get(statement.start.value));
    for (const link of statement.links) {
      use("domain", link.domain, symbols.domains.get(link.domain.value));
      if (link.schedule.kind === "Name") use("schedule", link.schedule, symbols.schedules.get(link.schedule.value));
      else for (const stage of link.schedule.stages) declare("stage", stage.name, file);
    }
  }
}

/** The occurrence under the cursor in `file`, if any. */
export function occurrenceAt(all: readonly Occurrence[], file: string, offset: number): Occurrence | undefined {
  const path = resolve(file);
  return all.find((o) => resolve(o.file) === path && spanHas(o.name.span, offset));
}
