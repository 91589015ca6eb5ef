import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import type { Declaration, Document, StageDecl } from "../language/ast.js";
import { toRange } from "./positions.js";

const KINDS = {
  Domain: SymbolKind.Namespace,
  Model: SymbolKind.Class,
  Schedule: SymbolKind.Function,
  Experiment: SymbolKind.Struct,
} as const;

/** The outline: domains, models, schedules with their stages, experiments with their inline stages. */
export function documentSymbols(document: Document): DocumentSymbol[] {
  return document.declarations.flatMap((decl) => (decl.kind === "Import" ? [] : [symbolOf(decl)]));
}

function symbolOf(decl: Exclude<Declaration, { kind: "Import" }>): DocumentSymbol {
  const symbol: DocumentSymbol = {
    name: decl.name.value,
    detail: decl.kind.toLowerCase(),
    kind: KINDS[decl.kind],
    range: toRange(decl.span),
    selectionRange: toRange(decl.name.span),
  };
  const stages =
    decl.kind === "Schedule"
      ? decl.stages
      : decl.kind === "Experiment"
        ? decl.statements.flatMap((s) =>
            s.kind === "Chain"
              ? s.links.flatMap((l) => (l.schedule.kind === "InlineSchedule" ? l.schedule.stages : []))
              : [],
          )
        : [];
  if (stages.length > 0) symbol.children = stages.map(stageSymbol);
  return symbol;
}

function stageSymbol(stage: StageDecl): DocumentSymbol {
  return {
    name: stage.name.value,
    detail: "stage",
    kind: SymbolKind.Method,
    range: toRange(stage.span),
    selectionRange: toRange(stage.name.span),
  };
}
