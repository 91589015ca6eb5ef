import {
  assembleModule,
  f32x4Const,
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
 * The logistic sigmoid in wasm SIMD, four floats at a time: `sigmoid(x, y, bytes)` writes
 * y = 1 / (1 + e^-x) for `bytes` (a multiple of 16) from byte offset x to y. e^-x as 2^n e^r with
 * n = round(-x log2 e) and r = -x - n ln 2 (ln 2 in two parts, so r is exact to float32), e^r by
 * its Taylor series to r^7 (|r| <= ln 2 / 2: truncation below 1e-8), 2^n built in the exponent's
 * bits; -x is first clamped to [-87, 88], where 2^n stays a normal float. Within 4e-7 of tfjs's
 * cpu kernel (float64 `Math.exp`) over the floats, NaN to NaN.
 */
export interface SigmoidSimd {
  sigmoid(x: number, y: number, bytes: number): void;
}

const op = {
  nearest: simd(0x6a),
  neg: simd(0xe1),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  min: simd(0xe8),
  max: simd(0xe9),
  shl: simd(0xab),
  iadd: simd(0xae),
  truncSat: simd(0xf8),
};
const i32x4Const = (value: number) => {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (let lane = 0; lane < 4; lane++) view.setInt32(4 * lane, value, true);
  return [...simd(0x0c), ...bytes];
};
/** ln 2 split so that n ln2High is exact for |n| < 2^9. */
const [LN2_HIGH, LN2_LOW] = [0.693145751953125, 1.428606765330187e-6];
const TAYLOR = [1 / 5040, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1, 1];

function sigmoidBody(): number[] {
  const [X, Y, BYTES, I, T, N, R] = [0, 1, 2, 3, 4, 5, 6];
  const at = (base: number) => [...get(base), ...get(I), 0x6a];
  const step = [
    // t = clamp(-x, -87, 88); n = nearest(t log2 e); r = t - n ln2High - n ln2Low
    ...v128Load(at(X)),
    ...op.neg,
    ...f32x4Const(-87),
    ...op.max,
    ...f32x4Const(88),
    ...op.min,
    ...set(T),
    ...get(T),
    ...f32x4Const(Math.LOG2E),
    ...op.mul,
    ...op.nearest,
    ...set(N),
    ...get(T),
    ...get(N),
    ...f32x4Const(LN2_HIGH),
    ...op.mul,
    ...op.sub,
    ...get(N),
    ...f32x4Const(LN2_LOW),
    ...op.mul,
    ...op.sub,
    ...set(R),
    // e^r by Horner: ((c7 r + c6) r + ...) r + 1
    ...f32x4Const(TAYLOR[0]!),
    ...TAYLOR.slice(1).flatMap((c) => [...get(R), ...op.mul, ...f32x4Const(c), ...op.add]),
    // times 2^n: (n + 127) << 23 as the float's bits
    ...get(N),
    ...op.truncSat,
    ...i32x4Const(127),
    ...op.iadd,
    0x41,
    23,
    ...op.shl,
    ...op.mul,
    // y = 1 / (1 + e^-x)
    ...set(T),
    ...f32x4Const(1),
    ...f32x4Const(1),
    ...get(T),
    ...op.add,
    ...op.div,
    ...set(T),
  ];
  step.push(...v128Store(at(Y), get(T)), ...localAdd(I, [0x41, 16]));
  return functionBody(
    [
      [1, I32],
      [3, V128],
    ],
    whileBelow(I, BYTES, step),
  );
}

function moduleBytes(shared: boolean): Uint8Array {
  return assembleModule([{ key: "sigmoid", params: [I32, I32, I32], body: sigmoidBody() }], shared);
}

/** The module on `memory` (a wasm memory of this thread), or null without SIMD. */
export function sigmoidSimdOn(memory: WasmMemoryLike): SigmoidSimd | null {
  return moduleOnMemory<SigmoidSimd>(memory, moduleBytes);
}
