import {
  assembleModule,
  F32,
  functionBody,
  I32,
  localAdd,
  localGet as get,
  localSet as set,
  simd,
  V128,
  v128Load,
  v128Store,
  whileBelow,
} from "../engine/wasm-encoding.js";
import { moduleOnMemory, type WasmMemoryLike } from "../engine/wasm-module.js";

/**
 * ReLU, ReLU6 and clipping in wasm SIMD, four floats at a time: `clamp(x, y, bytes, min, max)`
 * writes y = min(max(x, min), max) for `bytes` (a multiple of 16) from byte offset x to y. wasm's
 * min and max return NaN for NaN, as tfjs's cpu kernels do.
 */
export interface ClampSimd {
  clamp(x: number, y: number, bytes: number, min: number, max: number): void;
}

const [X, Y, BYTES, MIN, MAX] = [0, 1, 2, 3, 4];
const [I, LOW, HIGH] = [5, 6, 7];
const [SPLAT, VMIN, VMAX] = [simd(0x13), simd(0xe8), simd(0xe9)];

function clampBody(): number[] {
  const at = (base: number) => [...get(base), ...get(I), 0x6a];
  const value = [...v128Load(at(X)), ...get(LOW), ...VMAX, ...get(HIGH), ...VMIN];
  const step = [...v128Store(at(Y), value), ...localAdd(I, [0x41, 16])];
  const code = [...get(MIN), ...SPLAT, ...set(LOW), ...get(MAX), ...SPLAT, ...set(HIGH), ...whileBelow(I, BYTES, step)];
  return functionBody(
    [
      [1, I32],
      [2, V128],
    ],
    code,
  );
}

function moduleBytes(shared: boolean): Uint8Array {
  return assembleModule([{ key: "clamp", params: [I32, I32, I32, F32, F32], body: clampBody() }], shared);
}

/** The module on `memory` (a wasm memory of this thread), or null without SIMD. */
export function clampSimdOn(memory: WasmMemoryLike): ClampSimd | null {
  return moduleOnMemory<ClampSimd>(memory, moduleBytes);
}
