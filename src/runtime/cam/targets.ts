import type { LayersModel } from "@tensorflow/tfjs-layers";

/** A `--layer` item resolved: what the user wrote (names files) and the layer whose output is mapped. */
export interface CamLayer {
  label: string;
  layer: string;
}

/** A `--layer` item that names no group or layer, or a layer without a feature map. */
export class CamLayerError extends Error {}

/**
 * Resolves `--layer` items: a group (its last layer whose output is a feature map, so that
 * `layer4` in a ResNet is the last block's output, not the pooled vector after it) or a layer
 * name. `groups` lists each layer's group, in model order, where the model's groups are known.
 */
export function resolveCamLayers(
  model: LayersModel,
  items: readonly string[],
  groups: readonly { name: string; group: string }[],
): CamLayer[] {
  const groupNames = [...new Set(groups.map((l) => l.group))];
  return items.map((item) => {
    if (groupNames.includes(item)) {
      const layer = groups.filter((l) => l.group === item && isFeatureMap(model, l.name)).at(-1);
      if (!layer)
        throw new CamLayerError(
          `group '${item}' has no layer with a feature map (height x width x channels) to map; map a group before it`,
        );
      return { label: item, layer: layer.name };
    }
    const found = model.layers.find((l) => l.name === item);
    if (!found) {
      const known =
        groupNames.length > 0 ? `its groups are ${groupNames.join(", ")}` : "run `thtl models` for its layers";
      throw new CamLayerError(`the model has no group or layer '${item}': ${known}, or name a layer`);
    }
    if (!isFeatureMap(model, item)) {
      throw new CamLayerError(
        `layer '${item}' outputs shape [${(found.outputShape as number[]).slice(1).join(", ")}], not a feature map (height x width x channels)`,
      );
    }
    return { label: item, layer: item };
  });
}

function isFeatureMap(model: LayersModel, name: string): boolean {
  const shape = model.getLayer(name).outputShape;
  return Array.isArray(shape) && !Array.isArray(shape[0]) && shape.length === 4;
}
