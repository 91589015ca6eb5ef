import type { NamedArray } from "../types.js";
import { halfToFloat } from "../safetensors.js";
import type { PickledTensor } from "./pickle.js";

const SIZES: Record<string, number> = { float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1 };

/** Bytes per element of a storage's element type. */
export function elementSize(dtype: string): number {
  return SIZES[dtype]!;
}

/**
 * A pickled tensor's values as float32, read from its storage's raw little-endian bytes at its
 * offset and strides (so views and non-contiguous tensors read as PyTorch shows them). Throws a
 * sentence when the storage is too short for the tensor.
 */
export function tensorValues(name: string, t: PickledTensor, storage: Uint8Array): NamedArray {
  const size = elementSize(t.storage.dtype);
  const available = Math.floor(storage.byteLength / size);
  const count = t.shape.reduce((a, b) => a * b, 1);
  const last = count === 0 ? t.offset : t.offset + t.shape.reduce((sum, n, i) => sum + (n - 1) * t.stride[i]!, 0);
  if (last >= available && count > 0) {
    throw new Error(`tensor '${name}' needs ${last + 1} values of its storage '${t.storage.key}' but the file holds ${available} (the file is truncated or damaged)`);
  }
  if (t.storage.dtype === "float32" && isContiguous(t)) {
    const start = storage.byteOffset + t.offset * 4;
    return { name, shape: t.shape, values: new Float32Array(storage.buffer.slice(start, start + count * 4)) };
  }
  const read = reader(t.storage.dtype, new DataView(storage.buffer, storage.byteOffset, storage.byteLength));
  const values = new Float32Array(count);
  const index = new Array<number>(t.shape.length).fill(0);
  let at = t.offset;
  for (let i = 0; i < count; i++) {
    values[i] = read(at * size);
    // Advance the multi-index like an odometer, keeping `at` the element's storage position.
    for (let d = t.shape.length - 1; d >= 0; d--) {
      if (++index[d]! < t.shape[d]!) {
        at += t.stride[d]!;
        break;
      }
      at -= (t.shape[d]! - 1) * t.stride[d]!;
      index[d] = 0;
    }
  }
  return { name, shape: t.shape, values };
}

function isContiguous(t: PickledTensor): boolean {
  let expected = 1;
  for (let d = t.shape.length - 1; d >= 0; d--) {
    if (t.shape[d]! !== 1 && t.stride[d] !== expected) return false;
    expected *= t.shape[d]!;
  }
  return true;
}

function reader(dtype: string, view: DataView): (byte: number) => number {
  switch (dtype) {
    case "float32":
      return (b) => view.getFloat32(b, true);
    case "float64":
      return (b) => view.getFloat64(b, true);
    case "float16":
      return (b) => halfToFloat(view.getUint16(b, true));
    case "bfloat16":
      return (b) => new Float32Array(new Uint32Array([view.getUint16(b, true) << 16]).buffer)[0]!;
    case "int64":
      return (b) => Number(view.getBigInt64(b, true));
    case "int32":
      return (b) => view.getInt32(b, true);
    case "int16":
      return (b) => view.getInt16(b, true);
    case "int8":
      return (b) => view.getInt8(b);
    default:
      return (b) => view.getUint8(b);
  }
}
