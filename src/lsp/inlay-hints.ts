import { InlayHintKind, type InlayHint, type Range } from "vscode-languageserver";
import type { StageDecl } from "../language/ast.js";
import type { Analysis } from "./analysis.js";
import { count, stageSizes } from "./model-sizes.js";
import { comparePositions, toRange } from "./positions.js";
import { walk, type AnyNode } from "./node-at.js";

/**
 * After each stage's name, the parameters it trains: `resnet18: 1,234 trainable`, one entry per
 * model of the experiments that run the schedule. Stages no experiment runs get no hint.
 */
export function inlayHints(analysis: Analysis, range: Range): InlayHint[] {
  const { document, context } = analysis;
  if (!document || !context) return [];
  const hints: InlayHint[] = [];
  for (const node of walk(document as unknown as AnyNode)) {
    if (node.kind !== "Stage") continue;
    const stage = node as unknown as StageDecl;
    const position = toRange(stage.name.span).end;
    if (comparePositions(position, range.start) < 0 || comparePositions(position, range.end) > 0) continue;
    const sizes = stageSizes(context, stage);
    if (sizes.length === 0) continue;
    const label = sizes.map((size) => `${size.model}: ${count(size.params)}`).join(", ") + " trainable";
    hints.push({ position, label, kind: InlayHintKind.Type, paddingLeft: true });
  }
  return hints;
}
