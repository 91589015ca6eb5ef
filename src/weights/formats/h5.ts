import { existsSync } from "node:fs";
import { RunFailure } from "../../diagnostics/run-failure.js";
import type { NamedArray } from "../types.js";

/**
 * Reads a Keras weights file in the legacy HDF5 layout (Keras Applications' `.h5` files, and
 * `model.save_weights("x.h5")` / `model.save("x.h5")` of Keras 2): the root (or `model_weights`)
 * attribute `layer_names` lists the layers in model order (split into `layer_names0`,
 * `layer_names1`, ... when long), each layer's group has the attribute `weight_names`, and each
 * weight is the dataset at `LAYER/WEIGHT_NAME`. Tensors are named `LAYER/WEIGHT` with the
 * weight's last path segment (`conv1_conv/kernel:0`), layers in file order, weights in
 * `weight_names` order. h5wasm is loaded only here.
 */
export async function readKerasH5(path: string): Promise<NamedArray[]> {
  const fail = (reason: string) => new RunFailure("THTL4002", { file: path, reason });
  if (!existsSync(path)) throw fail("the file does not exist");
  const h5 = await import("h5wasm/node");
  // HDF5's errors throw (with HDF5's message) instead of being printed on stderr.
  (await h5.ready).activate_throwing_error_handler();
  let file: InstanceType<typeof h5.File>;
  try {
    file = new h5.File(path, "r");
  } catch (error) {
    throw fail(`it is not an HDF5 file, or it is truncated (${hdf5Reason(error)})`);
  }
  try {
    const root = file.attrs["layer_names"] || file.attrs["layer_names0"] ? file : file.get("model_weights");
    if (!(root instanceof h5.Group)) throw fail("it has no attribute 'layer_names': it is not a Keras weights file");
    const arrays: NamedArray[] = [];
    for (const layer of stringList(root, "layer_names")) {
      const group = root.get(layer);
      if (!(group instanceof h5.Group)) throw fail(`its layer '${layer}' has no group`);
      for (const weight of stringList(group, "weight_names")) {
        const dataset = group.get(weight);
        if (!(dataset instanceof h5.Dataset)) throw fail(`its weight '${layer}/${weight}' has no dataset`);
        arrays.push({ name: `${layer}/${weight.split("/").at(-1)}`, shape: dataset.shape ?? [], values: float32(dataset.value, `${layer}/${weight}`, fail) });
      }
    }
    return arrays;
  } catch (error) {
    if (error instanceof RunFailure) throw error;
    throw fail(`it is damaged or truncated (${hdf5Reason(error)})`);
  } finally {
    file.close();
  }
}

/** The innermost cause of an HDF5 error stack (`truncated file: eof = 1500, ...`). */
function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const causes = [...text.matchAll(/ in [\w]+\(\): (.+)$/gm)].map((m) => m[1]!.trim());
  return causes.at(-1) ?? text.trim().split("\n")[0]!;
}

/** A string-list attribute, joined from its numbered chunks (`NAME0`, `NAME1`, ...) where Keras split it. */
function stringList(node: { attrs: Record<string, { value: unknown }> }, name: string): string[] {
  const attrs = node.attrs;
  const chunks = attrs[name] ? [attrs[name]] : Array.from({ length: Object.keys(attrs).length }, (_, i) => attrs[`${name}${i}`]).filter((a) => a !== undefined);
  return chunks.flatMap((attr) => {
    const value = attr!.value;
    const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    // An empty list may be stored as one empty string.
    return list.map((item) => (item instanceof Uint8Array ? new TextDecoder().decode(item) : String(item))).filter((item) => item !== "");
  });
}

function float32(value: unknown, name: string, fail: (reason: string) => Error): Float32Array {
  if (value instanceof Float32Array) return value;
  // Keras stores float32; a float64 weight is read at float32, as Keras would load it.
  if (value instanceof Float64Array) return Float32Array.from(value);
  throw fail(`its weight '${name}' is not float32 data`);
}
