import type { CstNode, IToken } from "chevrotain";
import { diagnostic } from "../diagnostics/catalogue.js";
import type * as A from "./ast.js";
import type { AstContext } from "./ast-context.js";
import { child, children, isLocated, nodeSpan, token, tokens, tokenSpan } from "./cst-access.js";
import { literalNumber, literalRatio, literalSize, literalString } from "./literals.js";

/**
 * CST -> AST. Recovery may leave any child missing: optional parts stay absent, and a node whose
 * essential part (a name, a value) is missing is dropped, since the parser already reported why.
 */
type Builder<T> = (node: CstNode, cx: AstContext) => T | undefined;

function all<T>(nodes: CstNode[], build: Builder<T>, cx: AstContext): T[] {
  const built: T[] = [];
  for (const node of nodes) {
    const item = build(node, cx);
    if (item !== undefined) built.push(item);
  }
  return built;
}

const name = (t: IToken | undefined): A.Name | undefined => t && { kind: "Name", value: t.image, span: tokenSpan(t) };

const number = (t: IToken | undefined): A.NumberLiteral | undefined => t && literalNumber(t);

const string = (t: IToken | undefined, cx: AstContext): A.StringLiteral | undefined => t && literalString(t, cx);

/** Statement wrappers (`domainStatement`, `setting`, ...) hold exactly one sub-rule: unwrap it. */
function only(node: CstNode): CstNode | undefined {
  for (const key in node.children) {
    const first = node.children[key]![0];
    if (first && !("image" in first)) return first;
  }
  return undefined;
}

/** What one parse of a stretch of declarations contributes to the document. */
export interface DocumentPart {
  version?: A.NumberLiteral;
  declarations: A.Declaration[];
}

export function toDocumentPart(cst: CstNode, cx: AstContext): DocumentPart {
  const versionNode = child(cst, "versionDecl");
  const version = versionNode && number(token(versionNode, "NumberLiteral"));
  if (version && version.value !== 1) {
    cx.diagnostics.push(diagnostic("THTL1004", { version: version.raw }, cx.file, version.span));
  }
  const declarations = all(children(cst, "declaration"), declaration, cx);
  return version ? { version, declarations } : { declarations };
}

export function toDocument(parts: DocumentPart[], text: string, file: string): A.Document {
  const document: A.Document = {
    kind: "Document",
    file,
    declarations: parts.flatMap((part) => part.declarations),
    comments: [],
    span: { start: { offset: 0, line: 1, column: 1 }, end: endOf(text) },
  };
  const version = parts[0]?.version;
  if (version) document.version = version;
  return document;
}

/** Line breaks are `\r\n`, `\r` or `\n`; a loop rather than a regex, which would allocate a match per line. */
function endOf(text: string): A.Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 10 && code !== 13) continue;
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    line++;
    lineStart = i + 1;
  }
  return { offset: text.length, line, column: text.length - lineStart + 1 };
}

const DECLARATIONS: Record<string, Builder<A.Declaration>> = {
  importDecl: (n, cx) => {
    const path = string(token(n, "StringLiteral"), cx);
    return path && { kind: "Import", path, span: nodeSpan(n)! };
  },
  domainDecl: (n, cx) =>
    named(
      n,
      "Domain",
      all(children(n, "domainStatement"), (s) => build(s, DOMAIN, cx), cx),
    ),
  modelDecl: (n, cx) => named(n, "Model", all(children(n, "modelStatement"), modelStatement, cx)),
  scheduleDecl: (n, cx) => {
    const schedule = scheduleBody(child(n, "scheduleBody"), cx);
    const id = name(token(n, "Name"));
    return id && { kind: "Schedule", name: id, ...schedule, span: nodeSpan(n)! };
  },
  experimentDecl: (n, cx) =>
    named(
      n,
      "Experiment",
      all(children(n, "experimentStatement"), (s) => build(s, EXPERIMENT, cx), cx),
    ),
};

function declaration(node: CstNode, cx: AstContext): A.Declaration | undefined {
  return build(node, DECLARATIONS, cx);
}

/** Unwraps a one-alternative rule and builds its content with the builder named for it. */
function build<T>(node: CstNode, builders: Record<string, Builder<T>>, cx: AstContext): T | undefined {
  const inner = only(node);
  const builder = inner && builders[inner.name];
  return builder && isLocated(inner!) ? builder(inner!, cx) : undefined;
}

function named<K extends "Domain" | "Model" | "Experiment", S>(node: CstNode, kind: K, statements: S[]) {
  const id = name(token(node, "Name"));
  return id && { kind, name: id, statements, span: nodeSpan(node)! };
}

// ---------------------------------------------------------------------------------------------
// domain

const DOMAIN: Record<string, Builder<A.DomainStatement>> = {
  weightsStmt: (n, cx) => {
    const path = string(token(n, "StringLiteral"), cx);
    return path && { kind: "Weights", path, span: nodeSpan(n)! };
  },
  dataStmt: dataStatement,
  classesStmt: (n) => ({ kind: "Classes", names: tokens(n, "Name").map((t) => name(t)!), span: nodeSpan(n)! }),
  positiveStmt: (n) => {
    const id = name(token(n, "Name"));
    return id && { kind: "Positive", name: id, span: nodeSpan(n)! };
  },
  splitStmt: (n, cx) => {
    const ratio = token(n, "RatioLiteral");
    const parts = ratio && literalRatio(ratio, cx);
    if (!parts) return undefined;
    const split: A.SplitStmt = { kind: "Split", parts, span: nodeSpan(n)! };
    const seed = number(token(n, "NumberLiteral"));
    if (seed) split.seed = seed;
    return split;
  },
  imageStmt: (n) => {
    const size = token(n, "SizeLiteral");
    if (!size) return undefined;
    const image: A.ImageStmt = { kind: "Image", size: literalSize(size), span: nodeSpan(n)! };
    if (token(n, "Grayscale")) image.mode = "grayscale";
    else if (token(n, "Rgb")) image.mode = "rgb";
    return image;
  },
  augmentStmt: (n, cx) => ({
    kind: "Augment",
    items: all(children(n, "augmentItem"), augmentItem, cx),
    span: nodeSpan(n)!,
  }),
};

function dataStatement(node: CstNode, cx: AstContext): A.DataStmt | undefined {
  const span = nodeSpan(node)!;
  const path = string(token(node, "StringLiteral", 0), cx);
  const root = string(token(node, "StringLiteral", 1), cx);
  if (token(node, "Imagefolder")) return path && { kind: "Data", source: "imagefolder", path, span };
  if (token(node, "Csv")) {
    if (!path) return undefined;
    const csv: A.CsvData = { kind: "Data", source: "csv", path, span };
    if (root && token(node, "Root")) csv.root = root;
    return csv;
  }
  const synthKind = name(token(node, "Name"));
  const count = number(token(node, "NumberLiteral"));
  return synthKind && count && { kind: "Data", source: "synth", synthKind, count, span };
}

function augmentItem(node: CstNode, _cx: AstContext): A.AugmentItem | undefined {
  const id = name(token(node, "Name"));
  if (!id) return undefined;
  const item: A.AugmentItem = { kind: "AugmentItem", name: id, span: nodeSpan(node)! };
  const argument = number(token(node, "NumberLiteral"));
  if (argument) item.argument = argument;
  return item;
}

// ---------------------------------------------------------------------------------------------
// model

function modelStatement(node: CstNode, cx: AstContext): A.ModelStatement | undefined {
  const span = nodeSpan(node);
  if (!span) return undefined;
  const input = child(node, "inputStmt");
  if (input) return inputStatement(input, cx);
  const value = number(token(node, "NumberLiteral"));
  if (token(node, "Arch")) {
    const arch = name(token(node, "Name"));
    const variant = name(token(node, "Identifier"));
    return arch && { kind: "Arch", arch, ...(variant && { variant }), span };
  }
  if (token(node, "Width")) return value && { kind: "Width", value, span };
  return value && token(node, "Dropout") ? { kind: "Dropout", value, span } : undefined;
}

function inputStatement(node: CstNode, _cx: AstContext): A.InputStmt | undefined {
  const size = token(node, "SizeLiteral");
  return size && { kind: "Input", size: literalSize(size), span: nodeSpan(node)! };
}

// ---------------------------------------------------------------------------------------------
// schedule

function scheduleBody(
  node: CstNode | undefined,
  cx: AstContext,
): { defaults?: A.DefaultsBlock; stages: A.StageDecl[] } {
  if (!node) return { stages: [] };
  const body: { defaults?: A.DefaultsBlock; stages: A.StageDecl[] } = {
    stages: all(children(node, "stageDecl"), stage, cx),
  };
  const defaultsNode = child(node, "defaultsBlock");
  const span = defaultsNode && nodeSpan(defaultsNode);
  if (defaultsNode && span) {
    body.defaults = {
      kind: "Defaults",
      settings: all(children(defaultsNode, "setting"), (s) => build(s, SETTINGS, cx), cx),
      span,
    };
  }
  return body;
}

function stage(node: CstNode, cx: AstContext): A.StageDecl | undefined {
  const id = name(token(node, "Name"));
  const statements = all(children(node, "stageStatement"), stageStatement, cx);
  return id && { kind: "Stage", name: id, statements, span: nodeSpan(node)! };
}

const TRAINABLE_OPS = [
  ["train", "Train"],
  ["unfreeze", "Unfreeze"],
  ["freeze", "Freeze"],
] as const;

function stageStatement(node: CstNode, cx: AstContext): A.StageStatement | undefined {
  const trainable = child(node, "trainableStmt");
  if (!trainable) {
    const setting = child(node, "setting");
    return setting && build(setting, SETTINGS, cx);
  }
  const span = nodeSpan(trainable);
  const op = TRAINABLE_OPS.find(([, tokenName]) => token(trainable, tokenName))?.[0];
  const selectors = all(children(trainable, "selector"), selector, cx);
  return span && op && { kind: "Trainable", op, selectors, span };
}

function selector(node: CstNode, cx: AstContext): A.Selector | undefined {
  const span = nodeSpan(node);
  if (!span) return undefined;
  const glob = token(node, "StringLiteral");
  if (glob) return { kind: "GlobSelector", pattern: literalString(glob, cx), span };
  if (token(node, "Last")) {
    const count = number(token(node, "NumberLiteral"));
    return count && { kind: "LastSelector", count, span };
  }
  const from = name(token(node, "Name", 0));
  const to = name(token(node, "Name", 1));
  if (!from) return undefined;
  if (node.children.DotDot) return to && { kind: "RangeSelector", from, to, span };
  if (from.value === "all") return { kind: "AllSelector", span };
  if (from.value === "head") return { kind: "HeadSelector", span };
  return { kind: "GroupSelector", name: from, span };
}

function valued<K extends A.Setting["kind"]>(kind: K) {
  return (n: CstNode) => {
    const value = number(token(n, "NumberLiteral"));
    return value && ({ kind, value, span: nodeSpan(n)! } as Extract<A.Setting, { kind: K }>);
  };
}

const SETTINGS: Record<string, Builder<A.Setting>> = {
  epochsSetting: valued("Epochs"),
  batchSetting: valued("Batch"),
  weightDecaySetting: valued("WeightDecay"),
  optimizerSetting: (n) => {
    const id = name(token(n, "Name"));
    if (!id) return undefined;
    const optimizer: A.OptimizerSetting = { kind: "Optimizer", name: id, span: nodeSpan(n)! };
    const momentum = number(token(n, "NumberLiteral"));
    if (momentum) optimizer.momentum = momentum;
    return optimizer;
  },
  lrSetting: lrSetting,
  batchnormSetting: (n) => {
    const mode = token(n, "Train") ? "train" : token(n, "Frozen") ? "frozen" : undefined;
    return mode && { kind: "Batchnorm", mode, span: nodeSpan(n)! };
  },
  earlyStopSetting: (n) => {
    const metric = name(token(n, "Name"));
    const patience = number(token(n, "NumberLiteral"));
    return metric && patience && { kind: "EarlyStop", metric, patience, span: nodeSpan(n)! };
  },
  keepSetting: (n) => {
    const which = token(n, "Best") ? "best" : token(n, "Last") ? "last" : undefined;
    return which && { kind: "Keep", which, span: nodeSpan(n)! };
  },
};

function lrSetting(node: CstNode, cx: AstContext): A.LrSetting | A.GroupLrSetting | undefined {
  const span = nodeSpan(node)!;
  const value = number(token(node, "NumberLiteral"));
  const selectorNode = child(node, "selector");
  if (selectorNode) {
    const target = selector(selectorNode, cx);
    return target && value && { kind: "GroupLr", selector: target, value, span };
  }
  if (!value) return undefined;
  const lr: A.LrSetting = { kind: "Lr", value, span };
  const decayNode = child(node, "lrDecay");
  const decaySpan = decayNode && nodeSpan(decayNode);
  if (decayNode && decaySpan) {
    if (token(decayNode, "Cosine")) lr.decay = { kind: "cosine", span: decaySpan };
    const every = number(token(decayNode, "NumberLiteral", 0));
    const factor = number(token(decayNode, "NumberLiteral", 1));
    if (token(decayNode, "Step") && every && factor) lr.decay = { kind: "step", span: decaySpan, every, factor };
  }
  return lr;
}

// ---------------------------------------------------------------------------------------------
// experiment

const EXPERIMENT: Record<string, Builder<A.ExperimentStatement>> = {
  modelsStmt: (n) => ({ kind: "Models", names: tokens(n, "Name").map((t) => name(t)!), span: nodeSpan(n)! }),
  seedsStmt: (n) => ({ kind: "Seeds", values: tokens(n, "NumberLiteral").map(literalNumber), span: nodeSpan(n)! }),
  inputStmt: inputStatement,
  camStmt: (n) => {
    const images = number(token(n, "NumberLiteral"));
    return images && { kind: "Cam", images, span: nodeSpan(n)! };
  },
  chainStmt: (n, cx) => {
    const start = name(token(n, "Name"));
    const links = all(children(n, "chainLink"), chainLink, cx);
    return start && { kind: "Chain", start, links, span: nodeSpan(n)! };
  },
};

function chainLink(node: CstNode, cx: AstContext): A.ChainLink | undefined {
  const span = nodeSpan(node);
  const domain = name(token(node, "Name", 0));
  const body = child(node, "scheduleBody");
  const bodySpan = body && nodeSpan(body);
  let schedule: A.Name | A.InlineSchedule | undefined = name(token(node, "Name", 1));
  if (body && bodySpan) schedule = { kind: "InlineSchedule", ...scheduleBody(body, cx), span: bodySpan };
  return span && domain && schedule && { kind: "ChainLink", domain, schedule, span };
}
