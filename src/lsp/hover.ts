import type { Hover } from "vscode-languageserver";
import type { DefaultsBlock, InlineSchedule, Name, ScheduleDecl, Setting, StageDecl } from "../language/ast.js";
import type { Analysis } from "./analysis.js";
import { domainHover } from "./hover-domain.js";
import { modelHover } from "./hover-model.js";
import { settingHover } from "./hover-setting.js";
import { stageHover } from "./hover-stage.js";
import { nodesAt, type AnyNode } from "./node-at.js";
import { toRange } from "./positions.js";

const SETTING_KINDS = new Set([
  "Epochs",
  "Batch",
  "Optimizer",
  "Lr",
  "GroupLr",
  "WeightDecay",
  "Batchnorm",
  "EarlyStop",
  "Keep",
]);

/** Hover on a stage, a domain, a model (or architecture) name, or a setting. */
export function hover(analysis: Analysis, offset: number): Hover | null {
  const { document, context } = analysis;
  if (!document || !context) return null;
  const path = nodesAt(document, offset);
  const node = path[path.length - 1]!;
  const parent = path[path.length - 2];
  const answer = (markdown: string | undefined, at: AnyNode = node): Hover | null =>
    markdown ? { contents: { kind: "markdown", value: markdown }, range: toRange(at.span) } : null;

  if (node.kind === "Name") {
    const name = (node as unknown as Name).value;
    if (parent?.kind === "Stage") return answer(stageHover(context, parent as unknown as StageDecl));
    const isDomain =
      parent?.kind === "Domain" ||
      (parent?.kind === "ChainLink" && parent["domain"] === node) ||
      (parent?.kind === "Chain" && parent["start"] === node);
    const domain = isDomain ? context.symbols.domains.get(name) : undefined;
    if (domain) return answer(domainHover(context, domain));
    if (parent?.kind === "Model" || parent?.kind === "Models" || parent?.kind === "Arch")
      return answer(modelHover(context, name));
  }
  if (node.kind === "Stage")
    return answer(
      stageHover(context, node as unknown as StageDecl),
      (node as unknown as StageDecl).name as unknown as AnyNode,
    );
  const settingAt = path.findIndex((n) => SETTING_KINDS.has(n.kind));
  if (settingAt > 1) {
    const owner = path[settingAt - 1] as unknown as StageDecl | DefaultsBlock;
    const schedule = path[settingAt - 2] as unknown as ScheduleDecl | InlineSchedule;
    const setting = path[settingAt]!;
    return answer(settingHover(setting as unknown as Setting, schedule, owner), setting);
  }
  return null;
}
