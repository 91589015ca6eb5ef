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
 * ReLU, ReLU6 and clipping in wasm SIMD, four floats at a time; pointers are byte offsets. wasm's
 * min and max return NaN for NaN, as tfjs's cpu kernels do.
 * - `clamp(x, y, bytes, min, max)`: y = min(max(x, min), max) for `bytes` (a multiple of 16);
 * - `biasClamp(y, bias, rows, rowBytes, min, max)`: y = min(max(y + bias, min), max) in place,
 *   `bias` one value per column of rows of `rowBytes` (a multiple of 16): a fused convolution's
 *   bias and activation.
 */
export interface ClampSimd {
  clamp(x: number, y: number, bytes: number, min: number, max: number): void;
  biasClamp(y: number, bias: number, rows: number, rowBytes: number, min: number, max: number): void;
}

const [X, Y, BYTES, MIN, MAX] = [0, 1, 2, 3, 4];
const [I, LOW, HIGH] = [5, 6, 7];
const [SPLAT, ADD, VMIN, VMAX] = [simd(0x13), simd(0xe4), simd(0xe8), simd(0xe9)];

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

function biasClampBody(): number[] {
  const [y, bias, rows, rowBytes, min, max] = [0, 1, 2, 3, 4, 5];
  const [r, c, row, low, high] = [6, 7, 8, 9, 10];
  const value = [
    ...v128Load([...get(row), ...get(c), 0x6a]),
    ...v128Load([...get(bias), ...get(c), 0x6a]),
    ...ADD,
    ...get(low),
    ...VMAX,
    ...get(high),
    ...VMIN,
  ];
  const perColumn = [...v128Store([...get(row), ...get(c), 0x6a], value), ...localAdd(c, [0x41, 16])];
  const perRow = [
    ...[0x41, 0, ...set(c)],
    ...whileBelow(c, rowBytes, perColumn),
    ...localAdd(row, get(rowBytes)),
    ...localAdd(r, [0x41, 1]),
  ];
  const code = [...get(min), ...SPLAT, ...set(low), ...get(max), ...SPLAT, ...set(high)];
  code.push(...get(y), ...set(row), ...whileBelow(r, rows, perRow));
  return functionBody(
    [
      [3, I32],
      [2, V128],
    ],
    code,
  );
}

function moduleBytes(shared: boolean): Uint8Array {
  return assembleModule(
    [
      { key: "clamp", params: [I32, I32, I32, F32, F32], body: clampBody() },
      { key: "biasClamp", params: [I32, I32, I32, I32, F32, F32], body: biasClampBody() },
    ],
    shared,
  );
}

/** The module on `memory` (a wasm memory of this thread), or null without SIMD. */
export function clampSimdOn(memory: WasmMemoryLike): ClampSimd | null {
  return moduleOnMemory<ClampSimd>(memory, moduleBytes);
}
