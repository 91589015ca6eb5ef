import type { NamedArray } from "../types.js";

/** DenseNet files saved before torchvision 0.2 spell `norm1` as `norm.1` (torchvision rewrites them when it loads). */
const OLD_DENSENET = /^(.*denselayer\d+\.(?:norm|relu|conv))\.([12]\.(?:weight|bias|running_mean|running_var|num_batches_tracked))$/;

/**
 * A torchvision state dict's names as torchvision itself reads them: the old DenseNet spelling
 * rewritten, and the `module.` prefix of a model saved inside `nn.DataParallel` removed.
 */
export function torchvisionKeys(tensors: readonly NamedArray[]): NamedArray[] {
  const parallel = tensors.length > 0 && tensors.every((t) => t.name.startsWith("module."));
  return tensors.map((t) => {
    const name = parallel ? t.name.slice("module.".length) : t.name;
    return { ...t, name: name.replace(OLD_DENSENET, "$1$2") };
  });
}
