import type { Variable } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { NamedArray } from "../weights/types.js";
import type { TfNamespace } from "./tf.js";

/** The model's weights (those `keep` selects, or every one), read back from the device. */
export function readWeights(model: LayersModel, keep: (name: string) => boolean = () => true): NamedArray[] {
  return model.weights
    .filter((w) => keep(w.originalName))
    .map((w) => ({ name: w.originalName, shape: w.shape as number[], values: w.read().dataSync() as Float32Array }));
}

/** Writes a snapshot back into the model, all names and shapes matching or nothing written. */
export function writeWeights(tf: TfNamespace, model: LayersModel, arrays: readonly NamedArray[]): void {
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const targets = model.weights.map((w) => {
    const a = byName.get(w.originalName);
    if (!a || a.shape.join("x") !== w.shape.join("x"))
      throw new Error(`the saved weights do not match the model at '${w.originalName}'`);
    return { w, a };
  });
  tf.tidy(() => targets.forEach(({ w, a }) => (w.read() as Variable).assign(tf.tensor(a.values, a.shape))));
}

/** Concatenates arrays into one little-endian float32 buffer (the layout of tfjs weight shards). */
export function packArrays(arrays: readonly NamedArray[]): {
  manifest: { name: string; shape: number[] }[];
  data: Uint8Array;
} {
  const total = arrays.reduce((sum, a) => sum + a.values.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const a of arrays) {
    all.set(a.values, offset);
    offset += a.values.length;
  }
  return { manifest: arrays.map((a) => ({ name: a.name, shape: a.shape })), data: new Uint8Array(all.buffer) };
}

export function unpackArrays(manifest: readonly { name: string; shape: number[] }[], data: Uint8Array): NamedArray[] {
  const all = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  let offset = 0;
  return manifest.map((m) => {
    const size = m.shape.reduce((a, b) => a * b, 1);
    const values = all.slice(offset, offset + size);
    offset += size;
    return { name: m.name, shape: m.shape, values };
  });
}
