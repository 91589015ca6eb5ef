import { defaultOptions, getArchitecture, getLayerGraph } from "../../models/catalogue.js";
import type { LayerGraph } from "../../models/graph.js";
import { graphWeights, type LayerWeights } from "../../models/weight-specs.js";
import { RunFailure } from "../../diagnostics/run-failure.js";
import type { NamedArray } from "../types.js";
import { fromKeras, type PositionalMatch } from "../keras.js";
import { fromTorchvision } from "../torchvision.js";
import type { Framework } from "./source.js";

/** What an import found: loaded and missing model layers, file modules left out, and Keras layers matched by position. */
export interface ImportReport {
  loaded: string[];
  missing: string[];
  unexpected: string[];
  byPosition: PositionalMatch[];
}

/**
 * Parts of published files that thtl's networks leave out on purpose: torchvision InceptionV3's
 * auxiliary classifier (used only in training) and Keras EfficientNet's input `Normalization`
 * (thtl normalises pixels before the network). Anything else the model lacks means the file is
 * of another architecture.
 */
const LEFT_OUT: Record<Framework, RegExp> = { torchvision: /^AuxLogits(\.|$)/, keras: /^normalization(_\d+)?$/ };

/** A model weight mapped from the file, with the file's name for it (for messages). */
interface Mapped extends NamedArray {
  fileName: string;
}

/**
 * Maps a file's tensors onto the architecture's layers (at channel multiplier `width`) and
 * checks every shape, without building the model: the weights in thtl's names (model order), the
 * classifier's class count (null when the file has no classifier), and the report. Fails on
 * tensors the model has no place for, and on the first layer (in model order) that the file
 * lacks outside the classifier or whose shape differs.
 */
export function matchWeights(file: string, framework: Framework, tensors: readonly NamedArray[], arch: string, width = 1) {
  const info = getArchitecture(arch);
  if (!info) throw new RangeError(`unknown architecture '${arch}'`);
  const options = { ...defaultOptions(info), width, variant: framework };
  // The classifier's kernel, mapped onto a model of any class count, gives the file's class count.
  const probe = getLayerGraph(arch, options);
  const classes = mapTensors(file, framework, tensors, probe).arrays.get(`${probe.output}/kernel`)?.shape.at(-1) ?? null;
  const graph = getLayerGraph(arch, { ...options, classes: classes ?? options.classes });
  const { arrays, byPosition, unused } = mapTensors(file, framework, tensors, graph);
  const stray = unused.find((module) => !LEFT_OUT[framework].test(module));
  if (stray !== undefined) throw new RunFailure("THTL4022", { file, arch, module: stray });
  const report: ImportReport = { loaded: [], missing: [], unexpected: unused, byPosition };
  return { weights: collect(file, arch, graph, arrays, report, tensors), classes, report };
}

/** The model's weights from the mapped tensors, in model order; fills the report's loaded and missing. */
function collect(file: string, arch: string, graph: LayerGraph, arrays: ReadonlyMap<string, Mapped>, report: ImportReport, tensors: readonly NamedArray[]): NamedArray[] {
  const groups = new Map(graph.layers.map((l) => [l.name, l.group]));
  const weights: NamedArray[] = [];
  for (const layer of graphWeights(graph)) {
    const found = layer.weights.map((w) => arrays.get(w.name));
    if (found.some((f) => !f)) {
      if (groups.get(layer.layer) !== "head") throw missingLayer(file, arch, layer, tensors);
      report.missing.push(layer.layer);
      continue;
    }
    layer.weights.forEach((w, i) => {
      const a = found[i]!;
      if (a.shape.join("x") !== w.shape.join("x")) {
        throw new RunFailure("THTL4021", { file, arch, tensor: a.fileName, weight: w.name, found: a.shape.join(", "), expected: w.shape.join(", ") });
      }
      weights.push({ name: w.name, shape: w.shape, values: a.values });
    });
    report.loaded.push(layer.layer);
  }
  return weights;
}

function mapTensors(file: string, framework: Framework, tensors: readonly NamedArray[], graph: LayerGraph) {
  const layers = graph.layers.map((node) => ({ name: node.name, group: node.group, path: node.path, batchNorm: node.kind === "batchnorm" }));
  const arrays = new Map<string, Mapped>();
  const unused: string[] = [];
  const keep = (fileName: string, mapped: NamedArray | undefined, module: string) => {
    if (mapped && !mapped.name.endsWith("/")) arrays.set(mapped.name, { ...mapped, fileName });
    else if (mapped && !unused.includes(module)) unused.push(module);
  };
  if (framework === "keras") {
    const { arrays: mapped, byPosition } = fromKeras(tensors, graphWeights(graph));
    mapped.forEach((m, i) => keep(tensors[i]!.name, m, tensors[i]!.name.slice(0, tensors[i]!.name.lastIndexOf("/"))));
    return { arrays, byPosition, unused };
  }
  // One tensor at a time, so that each mapped weight keeps its file name (for messages).
  for (const t of tensors) keep(t.name, fromTorchvision([t], { layers, graph }, file)[0], t.name.slice(0, t.name.lastIndexOf(".")));
  return { arrays, byPosition: [], unused };
}

function missingLayer(file: string, arch: string, layer: LayerWeights, tensors: readonly NamedArray[]): RunFailure {
  const example = tensors[0]?.name ?? "none";
  return new RunFailure("THTL4020", { file, arch, layer: layer.layer, path: layer.path, count: tensors.length, example });
}
