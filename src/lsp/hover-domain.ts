import type { CheckContext } from "../check/index.js";
import { domainKind } from "../check/domains.js";
import { imageMode } from "../check/input.js";
import { first } from "../check/statements.js";
import type { Declared } from "../check/symbols.js";
import { planSplit } from "../compile/hop.js";
import type { DataStmt, DomainDecl } from "../language/ast.js";
import { count } from "./model-sizes.js";

function sourceText(data: DataStmt): string {
  if (data.source === "imagefolder") return `image folder \`${data.path.value}\``;
  if (data.source === "csv")
    return `CSV \`${data.path.value}\`${data.root ? ` (images under \`${data.root.value}\`)` : ""}`;
  return `synthetic \`${data.synthKind.value}\`, ${count(data.count.value)} images`;
}

/**
 * A domain's data summary, from its declaration and (when it omits `classes`) the class names
 * its data gives: what `thtl compile` would use. Image counts per class need the images read:
 * `thtl data inspect` does that, not a hover.
 */
export function domainHover(context: CheckContext, domain: Declared<DomainDecl>): string {
  const { decl } = domain;
  const kind = domainKind(decl);
  const lines = [
    `**domain \`${decl.name.value}\`** (${kind === "weights" ? "pretrained weights" : kind === "data" ? "data" : "needs either `weights` or `data`"})`,
    "",
  ];
  const weights = first(decl.statements, "Weights");
  if (weights) lines.push(`- weights: \`${weights.path.value}\``);
  const data = first(decl.statements, "Data");
  if (data) lines.push(`- data: ${sourceText(data)}`);
  const classes = context.classesOf(domain);
  if (classes && "classes" in classes) lines.push(`- ${classes.classes.length} classes: ${classes.classes.join(", ")}`);
  if (classes && "unreadable" in classes)
    lines.push(`- classes: cannot read \`${classes.unreadable.path}\`: ${classes.unreadable.reason}`);
  const positive = first(decl.statements, "Positive");
  if (positive) lines.push(`- positive class: ${positive.name.value}`);
  if (kind !== "data") return lines.join("\n");
  const split = planSplit(decl);
  const parts = split.test > 0 ? `${split.train}/${split.val}/${split.test}` : `${split.train}/${split.val}`;
  const sizes = data?.source === "synth" ? `: about ${splitSizes(data.count.value, split)} images` : "";
  const written = first(decl.statements, "Split") ? "" : ", the default";
  lines.push(`- split: ${parts} train/val${split.test > 0 ? "/test" : ""} with seed ${split.seed}${written}${sizes}`);
  const image = first(decl.statements, "Image");
  lines.push(
    `- image: ${image ? `${image.size.height}x${image.size.width}` : "the model's input size"}, ${imageMode(decl)}`,
  );
  const augment = first(decl.statements, "Augment");
  lines.push(
    `- augment: ${augment ? augment.items.map((item) => (item.argument ? `${item.name.value} ${item.argument.raw}` : item.name.value)).join(", ") : "none"}`,
  );
  return lines.join("\n");
}

function splitSizes(total: number, split: { train: number; val: number; test: number }): string {
  const sum = split.train + split.val + split.test;
  const parts = [split.train, split.val, ...(split.test > 0 ? [split.test] : [])];
  return parts.map((part) => count(Math.round((total * part) / sum))).join("/");
}
