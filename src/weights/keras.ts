import type { LayerWeights } from "../models/weight-specs.js";
import type { NamedArray } from "./types.js";

/** A layer of a Keras file and the model layer it was matched to by position. */
export interface PositionalMatch {
  file: string;
  model: string;
}

/**
 * Names Keras generates for unnamed layers (`conv2d_7`, `batch_normalization`): they depend on
 * how many layers of the kind the Keras session had made before, so they are matched by position.
 */
const GENERATED = /^(conv2d|batch_normalization|dense|depthwise_conv2d|separable_conv2d)(_\d+)?$/;

/**
 * Maps the tensors of a Keras `.h5` file (`LAYER/WEIGHT:0`, layers in file order) onto the
 * model's Keras-style names (`LAYER/WEIGHT`). Layers are matched by name (a `/` in an old name
 * such as DenseNet's `conv1/conv` may also stand for `_`); layers with generated names
 * (InceptionV3's `conv2d_N`, Xception's shortcut convolutions) are matched by position among
 * the generated-name layers of each side, as Keras's own loader matches layers by position.
 * Tensors of layers that match nothing keep their file name, ending in `/`, so that they are
 * reported as unexpected.
 */
export function fromKeras(tensors: readonly NamedArray[], model: readonly LayerWeights[]): { arrays: NamedArray[]; byPosition: PositionalMatch[] } {
  const fileLayers = groupByLayer(tensors);
  const byName = new Map(model.map((l) => [l.layer, l]));
  const byLooseName = new Map(model.map((l) => [l.layer.replaceAll("/", "_"), l]));
  const target = new Map<string, LayerWeights>();
  for (const layer of fileLayers.keys()) {
    if (GENERATED.test(layer)) continue;
    const match = byName.get(layer) ?? byLooseName.get(layer.replaceAll("/", "_"));
    if (match) target.set(layer, match);
  }
  const taken = new Set([...target.values()].map((l) => l.layer));
  const generatedModel = model.filter((l) => GENERATED.test(l.layer) && !taken.has(l.layer));
  const generatedFile = [...fileLayers.keys()].filter((layer) => GENERATED.test(layer));
  const byPosition: PositionalMatch[] = [];
  generatedFile.forEach((layer, i) => {
    const match = generatedModel[i];
    if (!match) return;
    target.set(layer, match);
    byPosition.push({ file: layer, model: match.layer });
  });
  const arrays = tensors.map((t) => {
    const { layer, weight } = splitName(t.name);
    const match = target.get(layer);
    return { ...t, name: match ? `${match.layer}/${weight}` : `${t.name}/` };
  });
  return { arrays, byPosition };
}

function groupByLayer(tensors: readonly NamedArray[]): Map<string, NamedArray[]> {
  const layers = new Map<string, NamedArray[]>();
  for (const t of tensors) {
    const { layer } = splitName(t.name);
    layers.set(layer, [...(layers.get(layer) ?? []), t]);
  }
  return layers;
}

/** `conv1/conv/kernel:0` -> layer `conv1/conv`, weight `kernel`. */
function splitName(name: string): { layer: string; weight: string } {
  const cut = name.lastIndexOf("/");
  return { layer: name.slice(0, cut), weight: name.slice(cut + 1).replace(/:\d+$/, "") };
}
