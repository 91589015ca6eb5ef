import type { CheckContext } from "../check/index.js";
import { resolveModel, type ResolvedModel } from "../check/models.js";
import { defaultOptions, getArchitecture } from "../models/catalogue.js";
import type { ModelSummary } from "../models/types.js";
import { count, summaryFor } from "./model-sizes.js";

/**
 * A model name (a built-in architecture or a declared variant): its architecture, the variant's
 * options, and its groups with parameter counts, as the experiments that use it build it (else
 * the published network, as `thtl models` shows it).
 */
export function modelHover(context: CheckContext, name: string): string | undefined {
  const model = resolveModel(name, context.symbols);
  if (!model) {
    const arch = getArchitecture(name);
    return (
      arch &&
      archText(arch.name, arch.description, arch.describe(defaultOptions(arch)), "the published network, 1000 classes")
    );
  }
  const lines: string[] = [];
  if (model.variant)
    lines.push(`**model \`${name}\`**: a variant of \`${model.arch.name}\``, "", variantText(model), "");
  const used = context.experiments.flatMap((experiment) => {
    const entry = experiment.models.find((m) => m.name.value === name && m.model);
    const summary = entry && summaryFor(context, experiment, model);
    return summary ? [{ experiment: experiment.name, summary }] : [];
  });
  const [firstUse] = used;
  const summary = firstUse?.summary ?? safeDescribe(model);
  const as = firstUse ? `as experiment \`${firstUse.experiment}\` builds it` : "at its default input, 1000 classes";
  lines.push(archText(model.arch.name, model.arch.description, summary, as));
  return lines.join("\n");
}

function variantText(model: ResolvedModel): string {
  const input = model.input
    ? `${model.input.stmt.size.height}x${model.input.stmt.size.width}`
    : "the experiment's or the architecture's";
  return `width ${model.width}, dropout ${model.dropout}, input ${input}`;
}

function safeDescribe(model: ResolvedModel): ModelSummary | undefined {
  try {
    return model.arch.describe({ ...defaultOptions(model.arch), width: model.width, dropout: model.dropout });
  } catch {
    return undefined;
  }
}

function archText(name: string, description: string, summary: ModelSummary | undefined, as: string): string {
  const lines = [`**\`${name}\`**: ${description}`];
  if (!summary) return lines.join("\n");
  lines.push("", `${count(summary.totalParams)} parameters (${as})`, "", "| group | params |", "| --- | ---: |");
  for (const group of summary.groups) lines.push(`| ${group.name} | ${count(group.params)} |`);
  return lines.join("\n");
}
