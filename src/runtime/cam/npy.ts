/**
 * A float32 array in NumPy's `.npy` format, version 1.0: the magic `\x93NUMPY`, version bytes 1 0,
 * a little-endian uint16 header length, and an ASCII dict padded with spaces and ended by a
 * newline so that the data starts at a multiple of 64 bytes; then the values, little-endian,
 * C order. `numpy.load` reads it as an array of `shape`.
 */
export function npyBytes(values: Float32Array, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = `${dict}${" ".repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + values.length * 4);
  const view = new DataView(out.buffer);
  out.set([0x93, ...Buffer.from("NUMPY"), 1, 0]);
  view.setUint16(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 10);
  values.forEach((v, i) => view.setFloat32(10 + header.length + i * 4, v, true));
  return out;
}

/** The values of a float32 `.npy` file as `npyBytes` writes it (version 1.0, little-endian, C order). */
export function npyValues(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = 10 + view.getUint16(8, true);
  return Float32Array.from({ length: (bytes.length - start) / 4 }, (_, i) => view.getFloat32(start + i * 4, true));
}
