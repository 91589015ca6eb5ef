import v8 from "node:v8";

/** A module of one function, (a, b, c) => f32x4.relaxed_madd(a, b, c): valid where relaxed SIMD is on. */
const PROBE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...[0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b],
]);

let available: boolean | undefined;

/**
 * Whether this engine compiles wasm's relaxed SIMD (f32x4.relaxed_madd, a fused multiply-add on
 * CPUs that have one). V8 ships it from 11.4 (Node 22); Node 20's V8 11.3 has it complete behind
 * a flag, which this turns on, for the whole process, the first time it is asked. The flag only
 * lets modules use the new instructions; tfjs's own binaries do not.
 */
export function relaxedSimd(): boolean {
  if (available !== undefined) return available;
  const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
  if (!wasm.validate(PROBE)) v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  return (available = wasm.validate(PROBE));
}
