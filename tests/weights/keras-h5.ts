import { defaultOptions, getArchitecture, getLayerGraph } from "../../src/models/catalogue.js";
import { graphWeights } from "../../src/models/weight-specs.js";
import type { NamedArray } from "../../src/weights/types.js";

/** One layer of a Keras legacy `.h5` weights file: its name and weights (`kernel:0`, ...), in order. */
export interface H5Layer {
  name: string;
  weights: NamedArray[];
}

/** Known, distinct values for a weight: a ramp offset by the weight's index in the file. */
function values(count: number, index: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.fround(index + (i % 1009) / 1009 - 0.5));
}

/**
 * The layers of a Keras Applications file for an architecture, with known weights, in Keras's
 * layer order; `rename` gives each layer its name in the file (the published files' names).
 */
export function kerasLayers(arch: string, options: { top: boolean; rename?: (name: string) => string }): H5Layer[] {
  const graph = getLayerGraph(arch, defaultOptions(getArchitecture(arch)!));
  const groups = new Map(graph.layers.map((l) => [l.name, l.group]));
  let index = 0;
  return graphWeights(graph)
    .filter((l) => options.top || groups.get(l.layer) !== "head")
    .map((l) => {
      const name = options.rename?.(l.layer) ?? l.layer;
      const weights = l.weights.map((w) => {
        const weight = w.name.slice(l.layer.length + 1);
        return { name: `${name}/${weight}:0`, shape: w.shape, values: values(w.shape.reduce((a, b) => a * b, 1), index++) };
      });
      return { name, weights };
    });
}

/**
 * Writes a Keras legacy weights file with h5wasm as Keras's `save_weights_to_hdf5_group` lays it
 * out: root attribute `layer_names` (split into `layer_names0`, `layer_names1`, ... when `split`),
 * a group per layer with `weight_names`, each weight at `LAYER/WEIGHT_NAME`. `extra` names layers
 * without weights (as Keras lists every layer).
 */
export async function writeKerasH5(path: string, layers: H5Layer[], options: { split?: number; extra?: string[] } = {}): Promise<void> {
  const h5 = await import("h5wasm/node");
  await h5.ready;
  const file = new h5.File(path, "w");
  const names = [...(options.extra ?? []), ...layers.map((l) => l.name)];
  if (options.split) {
    for (let i = 0; i * options.split < names.length; i++) file.create_attribute(`layer_names${i}`, names.slice(i * options.split, (i + 1) * options.split));
  } else {
    file.create_attribute("layer_names", names);
  }
  file.create_attribute("backend", "tensorflow");
  // h5wasm does not make intermediate groups (h5py does): a name such as `conv1/conv` needs `conv1` first.
  type Group = ReturnType<typeof file.create_group>;
  const groupAt = (root: Group, path: string): Group => {
    let group = root;
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join("/");
      group = (root.get(sub) as Group | null) ?? root.create_group(sub);
    }
    return group;
  };
  for (const name of options.extra ?? []) groupAt(file, name).create_attribute("weight_names", [""]);
  for (const layer of layers) {
    const group = groupAt(file, layer.name);
    group.create_attribute("weight_names", layer.weights.map((w) => w.name));
    for (const w of layer.weights) {
      groupAt(group, w.name.slice(0, w.name.lastIndexOf("/")));
      group.create_dataset({ name: w.name, data: w.values, shape: w.shape, dtype: "<f" });
    }
  }
  file.close();
}
