import type { NamedArray } from "./types.js";

/**
 * A `.safetensors` file of float32 arrays: the 8-byte little-endian header length, the JSON
 * header (padded with spaces to a multiple of 8 bytes, as the format recommends), the data.
 */
export function safetensorsBytes(arrays: readonly NamedArray[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const a of arrays) {
    header[a.name] = { dtype: "F32", shape: a.shape, data_offsets: [offset, offset + a.values.byteLength] };
    offset += a.values.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, "utf8");
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const a of arrays) {
    out.set(new Uint8Array(a.values.buffer, a.values.byteOffset, a.values.byteLength), at);
    at += a.values.byteLength;
  }
  return out;
}
