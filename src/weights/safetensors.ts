import { readFileSync } from "node:fs";
import { RunFailure } from "../diagnostics/run-failure.js";
import type { NamedArray } from "./types.js";

/**
 * Reads a `.safetensors` file: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to `{dtype, shape, data_offsets}` (offsets relative to the end of the header), then
 * the raw little-endian data. F32, F16 and BF16 are read (as float32); integer tensors (such as
 * batch norm's `num_batches_tracked`) are skipped, since no model weight is an integer.
 */
export function readSafetensors(path: string): NamedArray[] {
  const bytes = readFileSync(path);
  const fail = (why: string) => new RunFailure("THTL4002", { file: path, reason: `not a safetensors file: ${why}` });
  if (bytes.length < 8) throw fail("the file is shorter than its 8-byte header length");
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (8 + headerLength > bytes.length) throw fail(`the header says ${headerLength} bytes but the file has ${bytes.length - 8}`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8"));
  } catch (error) {
    throw fail(`its header is not JSON (${(error as Error).message})`);
  }
  const base = 8 + headerLength;
  const arrays: NamedArray[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const [start, end] = entry.data_offsets;
    if (base + end > bytes.length) throw fail(`tensor '${name}' runs past the end of the file`);
    const values = toFloat32(bytes.subarray(base + start, base + end), entry.dtype);
    if (values === null) continue;
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw fail(`tensor '${name}' has ${values.length} values for shape [${entry.shape.join(", ")}]`);
    arrays.push({ name, shape: entry.shape, values });
  }
  return arrays;
}

function toFloat32(raw: Buffer, dtype: string): Float32Array | null {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case "F32":
      return Float32Array.from({ length: raw.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
    case "F16":
      return Float32Array.from({ length: raw.byteLength / 2 }, (_, i) => halfToFloat(view.getUint16(i * 2, true)));
    case "BF16": {
      const out = new Float32Array(raw.byteLength / 2);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < out.length; i++) bits[i] = view.getUint16(i * 2, true) << 16;
      return out;
    }
    default:
      return null;
  }
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
