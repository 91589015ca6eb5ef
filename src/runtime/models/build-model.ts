import type { SymbolicTensor, LayersModel } from "@tensorflow/tfjs-layers";
import { getLayerGraph } from "../../models/catalogue.js";
import type { LayerGraph } from "../../models/graph.js";
import type { DescribeOptions } from "../../models/types.js";
import type { PlanRun } from "../../plan/types.js";
import type { BuiltModel, ModelFactory } from "../model-kit.js";
import type { TfNamespace } from "../tf.js";
import { createLayer } from "./layers.js";
import { splitAtGroup, type SplitModel } from "./split.js";

export interface BuildOptions extends DescribeOptions {
  /** Seeds every kernel initializer, so that the same seed gives the same initial weights. */
  seed?: number;
}

/** A built catalogue model: the executor's `BuiltModel` plus the graph it came from. */
export interface CatalogueModel extends BuiltModel {
  graph: LayerGraph;
  /** Layer name -> its group and torchvision-style path. */
  places: ReadonlyMap<string, { group: string; path: string }>;
  split(groups: string[]): SplitModel | null;
}

/**
 * Builds an architecture of the catalogue as a tfjs layers model with Keras's layer names, whose
 * output is the classifier's logits. Throws a RangeError for an unknown architecture or options
 * out of range (as `ArchitectureInfo.describe` does).
 */
export function buildModel(tf: TfNamespace, arch: string, options: BuildOptions): CatalogueModel {
  const graph = getLayerGraph(arch, options);
  const input = tf.input({ shape: graph.input.shape, name: graph.input.name });
  const tensors = new Map<string, SymbolicTensor>([[graph.input.name, input]]);
  for (const node of graph.layers) {
    const inputs = node.inputs.map((name) => tensors.get(name)!);
    const layer = createLayer(tf, node, options.seed);
    tensors.set(node.name, layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as SymbolicTensor);
  }
  const model = tf.model({ inputs: input, outputs: tensors.get(graph.output)!, name: arch });
  return catalogueModel(tf, model, graph);
}

function catalogueModel(tf: TfNamespace, model: LayersModel, graph: LayerGraph): CatalogueModel {
  const splits = new Map<string, SplitModel | null>();
  const built: CatalogueModel = {
    model,
    graph,
    layers: graph.layers.map((node) => ({
      name: node.name,
      group: node.group,
      path: node.path,
      batchNorm: node.kind === "batchnorm",
    })),
    places: new Map(graph.layers.map((node) => [node.name, { group: node.group, path: node.path }])),
    split(groups: string[]) {
      // Only a leading run of groups can be a prefix.
      if (groups.length === 0 || groups.some((group, i) => graph.groups[i] !== group)) return null;
      const last = groups.at(-1)!;
      if (!splits.has(last)) splits.set(last, splitAtGroup(tf, built, last));
      return splits.get(last)!;
    },
  };
  return built;
}

/** The executor's model factory: a run's architecture with `classes` outputs, initialised from `seed`. */
export function modelFactory(tf: TfNamespace): ModelFactory {
  return async (run, classes, seed) => buildModel(tf, run.architecture.arch, runBuildOptions(run, classes, seed));
}

/** The options the model factory builds a run's model with; data-parallel replicas build theirs with the same. */
export function runBuildOptions(run: PlanRun, classes: number, seed: number): BuildOptions {
  const { width, dropout, variant } = run.architecture;
  return { width, dropout, input: run.input, classes, seed, ...(variant && { variant }) };
}
