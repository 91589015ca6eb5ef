import type { CheckContext } from "../check/index.js";
import type { StageDecl } from "../language/ast.js";
import { count, percent, stageSizes } from "./model-sizes.js";

/** A stage: the groups it trains and the trainable parameters, for each model that runs it. */
export function stageHover(context: CheckContext, stage: StageDecl): string {
  const lines = [`**stage \`${stage.name.value}\`**`, ""];
  const sizes = stageSizes(context, stage);
  if (sizes.length === 0)
    return [...lines, "No experiment runs this stage, so there is no model to count parameters in."].join("\n");
  lines.push("| model | trains | trainable params |", "| --- | --- | ---: |");
  for (const size of sizes) {
    const groups = [...size.trainable, ...size.partial.map((group) => `${group} (part)`)].join(", ") || "nothing";
    lines.push(
      `| ${size.model} | ${groups} | ${count(size.params)} / ${count(size.total)} (${percent(size.params, size.total)}) |`,
    );
  }
  return lines.join("\n");
}
