import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from "vscode-languageserver";
import type * as A from "../language/ast.js";
import { tokenize } from "../language/lexer.js";
import {
  Keyword,
  NumberLiteral,
  RatioLiteral,
  SizeLiteral,
  StringLiteral,
  UnterminatedString,
} from "../language/tokens.js";
import { ARCHITECTURE_NAMES } from "../models/catalogue.js";
import { walk, type AnyNode } from "./node-at.js";

/**
 * Token types, by what a name stands for: domains as namespaces, models and architectures as
 * classes, schedules as functions, stages as methods, experiments as structs, groups in
 * selectors as properties, classes and the fixed vocabularies (optimizers, metrics,
 * augmentations, synth kinds) as enum members. Names of declarations carry `declaration`,
 * built-in architectures `defaultLibrary`.
 */
export const LEGEND: SemanticTokensLegend = {
  tokenTypes: [
    "namespace",
    "class",
    "function",
    "method",
    "struct",
    "property",
    "enumMember",
    "keyword",
    "number",
    "string",
    "comment",
  ],
  tokenModifiers: ["declaration", "defaultLibrary"],
};

const type = (name: string) => LEGEND.tokenTypes.indexOf(name);
const DECLARATION = 1;
const LIBRARY = 2;

type Role = { type: number; modifiers: number };

type Named =
  | A.DomainDecl
  | A.ModelDecl
  | A.ScheduleDecl
  | A.ExperimentDecl
  | A.StageDecl
  | A.ArchStmt
  | A.ModelsStmt
  | A.ChainStmt
  | A.ChainLink
  | A.GroupSelector
  | A.RangeSelector
  | A.ClassesStmt
  | A.PositiveStmt
  | A.SynthData
  | A.AugmentItem
  | A.OptimizerSetting
  | A.EarlyStopSetting;

/** The names a node holds, each with its role. */
function namesOf(node: Named): [A.Name, string, number][] {
  switch (node.kind) {
    case "Domain":
      return [[node.name, "namespace", DECLARATION]];
    case "Model":
      return [[node.name, "class", DECLARATION]];
    case "Schedule":
      return [[node.name, "function", DECLARATION]];
    case "Experiment":
      return [[node.name, "struct", DECLARATION]];
    case "Stage":
      return [[node.name, "method", DECLARATION]];
    case "Arch":
      return [[node.arch, "class", LIBRARY]];
    case "Models":
      return node.names.map((name) => [name, "class", ARCHITECTURE_NAMES.includes(name.value) ? LIBRARY : 0]);
    case "Chain":
      return [[node.start, node.start.value === "scratch" ? "keyword" : "namespace", 0]];
    case "ChainLink":
      return [
        [node.domain, "namespace", 0],
        ...(node.schedule.kind === "Name" ? [[node.schedule, "function", 0] as [A.Name, string, number]] : []),
      ];
    case "GroupSelector":
      return [[node.name, "property", 0]];
    case "RangeSelector":
      return [
        [node.from, "property", 0],
        [node.to, "property", 0],
      ];
    case "Classes":
      return node.names.map((name) => [name, "enumMember", 0]);
    case "Positive":
      return [[node.name, "enumMember", 0]];
    case "Data":
      return [[node.synthKind, "enumMember", 0]];
    case "AugmentItem":
      return [[node.name, "enumMember", 0]];
    case "Optimizer":
      return [[node.name, "enumMember", 0]];
    case "EarlyStop":
      return [[node.metric, "enumMember", 0]];
  }
}

const NAMED = new Set([
  "Domain",
  "Model",
  "Schedule",
  "Experiment",
  "Stage",
  "Arch",
  "Models",
  "Chain",
  "ChainLink",
  "GroupSelector",
  "RangeSelector",
  "Classes",
  "Positive",
  "AugmentItem",
  "Optimizer",
  "EarlyStop",
]);

/** Where each name of the tree stands, by the offset it starts at. */
function nameRoles(document: A.Document): Map<number, Role> {
  const roles = new Map<number, Role>();
  for (const node of walk(document as unknown as AnyNode)) {
    const named = NAMED.has(node.kind) || (node.kind === "Data" && node["source"] === "synth");
    if (!named) continue;
    for (const [name, role, modifiers] of namesOf(node as unknown as Named))
      roles.set(name.span.start.offset, { type: type(role), modifiers });
  }
  return roles;
}

const KEYWORD_TYPES = new Set(Object.values(Keyword));
const NUMBERS = new Set([NumberLiteral, SizeLiteral, RatioLiteral]);

/** Every token of the text, classified: names by the tree's roles, the rest by their lexical kind. */
export function semanticTokens(text: string, document: A.Document): SemanticTokens {
  const roles = nameRoles(document);
  const lexed = tokenize(text);
  const tokens = [...lexed.tokens, ...(lexed.groups["comments"] ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const builder = new SemanticTokensBuilder();
  for (const t of tokens) {
    const role =
      roles.get(t.startOffset) ??
      (KEYWORD_TYPES.has(t.tokenType)
        ? { type: type("keyword"), modifiers: 0 }
        : NUMBERS.has(t.tokenType)
          ? { type: type("number"), modifiers: 0 }
          : t.tokenType === StringLiteral || t.tokenType === UnterminatedString
            ? { type: type("string"), modifiers: 0 }
            : t.tokenType.name === "Comment"
              ? { type: type("comment"), modifiers: 0 }
              : undefined);
    if (role) builder.push(t.startLine! - 1, t.startColumn! - 1, t.image.length, role.type, role.modifiers);
  }
  return builder.build();
}
