import type { ArchitectureDefinition } from "./archs/definition.js";
import { densenet121 } from "./archs/densenet.js";
import { efficientnetB0 } from "./archs/efficientnet.js";
import { inceptionV3 } from "./archs/inception-v3.js";
import { mobilenetV2 } from "./archs/mobilenet-v2.js";
import { resnet18, resnet34, resnet50 } from "./archs/resnet.js";
import { vgg16 } from "./archs/vgg.js";
import { xception } from "./archs/xception.js";
import { buildGraph } from "./build-graph.js";
import { summarize } from "./describe.js";
import type { LayerGraph } from "./graph.js";
import type { ArchitectureInfo, DescribeOptions, ModelSummary } from "./types.js";

/**
 * The built-in architectures. Everything here is plain data and arithmetic: the compiler imports
 * it without loading TensorFlow.js, and the runtime builds its tfjs models from `getLayerGraph`.
 */

const DEFINITIONS: readonly ArchitectureDefinition[] = [
  resnet18,
  resnet34,
  resnet50,
  vgg16,
  densenet121,
  mobilenetV2,
  efficientnetB0,
  inceptionV3,
  xception,
];

export const ARCHITECTURE_NAMES: readonly string[] = DEFINITIONS.map((definition) => definition.name);

/** The published network at its default input with a 1000-class classifier, as `thtl models` shows it. */
export function defaultOptions(info: Pick<ArchitectureInfo, "defaultInput">): DescribeOptions {
  return { width: 1, input: { ...info.defaultInput, channels: 3 }, classes: 1000, dropout: 0 };
}

function checkOptions(info: ArchitectureInfo, options: DescribeOptions): void {
  const { input, width, classes, dropout: rate } = options;
  if (!(width > 0)) throw new RangeError(`${info.name}: width must be positive, got ${width}`);
  if (!Number.isInteger(classes) || classes < 1)
    throw new RangeError(`${info.name}: classes must be a positive integer, got ${classes}`);
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`${info.name}: dropout must be in [0, 1), got ${rate}`);
  if (options.variant !== undefined && !info.variants.includes(options.variant)) {
    throw new RangeError(`${info.name} has no ${options.variant} variant; it has: ${info.variants.join(", ")}`);
  }
  const min = info.minInput;
  if (input.height < min.height || input.width < min.width) {
    throw new RangeError(
      `${info.name} needs an input of at least ${min.height}x${min.width}, got ${input.height}x${input.width}`,
    );
  }
}

const graphs = new Map<string, LayerGraph>();
const GRAPH_CACHE_SIZE = 64;

function cachedGraph(info: ArchitectureInfo, definition: ArchitectureDefinition, options: DescribeOptions): LayerGraph {
  const key = JSON.stringify([
    info.name,
    options.width,
    options.input,
    options.classes,
    options.dropout,
    options.variant ?? info.variants[0],
  ]);
  let graph = graphs.get(key);
  if (!graph) {
    checkOptions(info, options);
    graph = buildGraph(definition, options);
    if (graphs.size >= GRAPH_CACHE_SIZE) graphs.delete(graphs.keys().next().value!);
    graphs.set(key, graph);
  }
  return graph;
}

function info(definition: ArchitectureDefinition): ArchitectureInfo & { graph(options: DescribeOptions): LayerGraph } {
  const summaries = new WeakMap<LayerGraph, ModelSummary>();
  const self = {
    name: definition.name,
    description: definition.description,
    defaultInput: definition.defaultInput,
    minInput: definition.minInput,
    groups: [...definition.groups],
    variants: [...definition.variants],
    graph: (options: DescribeOptions) => cachedGraph(self, definition, options),
    describe(options: DescribeOptions): ModelSummary {
      const graph = self.graph(options);
      let summary = summaries.get(graph);
      if (!summary) summaries.set(graph, (summary = summarize(graph)));
      return summary;
    },
  };
  return self;
}

const INFOS = new Map(DEFINITIONS.map((definition) => [definition.name, info(definition)]));

export function getArchitecture(name: string): ArchitectureInfo | undefined {
  return INFOS.get(name);
}

/**
 * The layer graph of an architecture built with `options`, from which the runtime builds its tfjs
 * model. Throws a RangeError naming the problem when the options are out of range.
 */
export function getLayerGraph(name: string, options: DescribeOptions): LayerGraph {
  const found = INFOS.get(name);
  if (!found) throw new RangeError(`unknown architecture '${name}'; known: ${ARCHITECTURE_NAMES.join(", ")}`);
  return found.graph(options);
}
