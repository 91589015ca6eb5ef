import type { ArchitectureDefinition } from "./archs/definition.js";
import { GraphBuilder } from "./builder.js";
import type { LayerGraph } from "./graph.js";
import { dense, dropout } from "./layers.js";
import { InputTooSmallError } from "./shapes.js";
import type { DescribeOptions } from "./types.js";

/** The whole layer graph of one architecture: its backbone, then dropout (if any) and the classifier. */
export function buildGraph(definition: ArchitectureDefinition, options: DescribeOptions): LayerGraph {
  const { height, width, channels } = options.input;
  const variant = options.variant ?? definition.variants[0]!;
  const b = new GraphBuilder(definition.name, definition.groups, [height, width, channels], variant);
  let x = definition.backbone(b, { ...options, variant });
  if (options.dropout > 0) x = b.add("head.dropout", "top_dropout", dropout(options.dropout), x);
  return b.finish(b.add("head.fc", "predictions", dense(options.classes), x));
}

/** Searches for the smallest square input the graph accepts; the catalogue's constants must equal it. */
export function smallestInput(definition: ArchitectureDefinition): { height: number; width: number } {
  for (let size = 1; ; size++) {
    const options = { width: 1, input: { height: size, width: size, channels: 3 as const }, classes: 1, dropout: 0 };
    try {
      buildGraph(definition, options);
      return { height: size, width: size };
    } catch (error) {
      if (!(error instanceof InputTooSmallError)) throw error;
    }
  }
}
