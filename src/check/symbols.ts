import type { DomainDecl, ExperimentDecl, ModelDecl, Name, ScheduleDecl } from "../language/ast.js";
import type { Program } from "./program.js";

/** A declaration and the file it is written in. */
export interface Declared<T> {
  decl: T;
  file: string;
}

export interface Duplicate {
  kind: "domain" | "model" | "schedule" | "experiment";
  name: Name;
  file: string;
  first: Declared<{ name: Name }>;
}

/** The names of a program: global across a file and its imports, one declaration per kind. */
export interface Symbols {
  domains: Map<string, Declared<DomainDecl>>;
  models: Map<string, Declared<ModelDecl>>;
  schedules: Map<string, Declared<ScheduleDecl>>;
  experiments: Map<string, Declared<ExperimentDecl>>;
  /** Later declarations of a name already taken; the first one stays in the tables. */
  duplicates: Duplicate[];
}

export function collectSymbols(program: Program): Symbols {
  const symbols: Symbols = {
    domains: new Map(),
    models: new Map(),
    schedules: new Map(),
    experiments: new Map(),
    duplicates: [],
  };
  const add = <T extends { name: Name }>(
    table: Map<string, Declared<T>>,
    kind: Duplicate["kind"],
    decl: T,
    file: string,
  ) => {
    const first = table.get(decl.name.value);
    if (first) symbols.duplicates.push({ kind, name: decl.name, file, first });
    else table.set(decl.name.value, { decl, file });
  };
  for (const { path, document } of program.files) {
    for (const decl of document.declarations) {
      if (decl.kind === "Domain") add(symbols.domains, "domain", decl, path);
      else if (decl.kind === "Model") add(symbols.models, "model", decl, path);
      else if (decl.kind === "Schedule") add(symbols.schedules, "schedule", decl, path);
      else if (decl.kind === "Experiment") add(symbols.experiments, "experiment", decl, path);
    }
  }
  return symbols;
}
