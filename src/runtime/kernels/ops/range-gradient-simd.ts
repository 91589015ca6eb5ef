import {
  assembleModule,
  F32,
  f32x4Const,
  functionBody,
  I32,
  localAdd,
  localGet,
  localSet,
  simd,
  V128,
  v128Load,
  v128Store,
  whileBelow,
} from "../engine/wasm-encoding.js";
import { moduleOnHeap } from "../engine/wasm-module.js";

/**
 * ThtlRangeGrad's loop in wasm SIMD, four floats at a time, on the backend's heap: params (dy, x,
 * dx, bytes, min, max), byte offsets and a byte count that is a multiple of 16. The same
 * operations as the JavaScript loop (activation-loops.ts), so the same values, -0 and NaN included:
 * - `open` (Relu, Relu6): dy * (min < x <= max), and NaN where x is NaN;
 * - `closed` (ClipByValue): dy * (min <= x <= max) + 0.
 */
export interface RangeGradientSimd {
  open(dy: number, x: number, dx: number, bytes: number, min: number, max: number): void;
  closed(dy: number, x: number, dx: number, bytes: number, min: number, max: number): void;
}

const [DY, X, DX, BYTES, MIN, MAX] = [0, 1, 2, 3, 4, 5];
const [I, LOW, HIGH, ONE, V, OUT] = [6, 7, 8, 9, 10, 11];
const [get, set] = [localGet, localSet];
const load = (base: number) => v128Load([...get(base), ...get(I), 0x6a]);
const op = {
  splat: simd(0x13),
  ne: simd(0x42),
  lt: simd(0x43),
  le: simd(0x45),
  and: simd(0x4e),
  bitselect: simd(0x52),
  add: simd(0xe4),
  mul: simd(0xe6),
};

function body(closed: boolean): number[] {
  const code = [
    ...get(MIN),
    ...op.splat,
    ...set(LOW),
    ...get(MAX),
    ...op.splat,
    ...set(HIGH),
    ...f32x4Const(1),
    ...set(ONE),
  ];
  const step = [...load(X), ...set(V)];
  // out = dy * ((min < x or min <= x) and x <= max, as 1 or 0)
  step.push(...load(DY), ...get(LOW), ...get(V), ...(closed ? op.le : op.lt), ...get(V), ...get(HIGH), ...op.le);
  step.push(...op.and, ...get(ONE), ...op.and, ...op.mul, ...set(OUT));
  if (closed) step.push(...get(OUT), ...f32x4Const(0), ...op.add, ...set(OUT));
  // NaN in x gives NaN out: x itself where x != x
  else step.push(...get(V), ...get(OUT), ...get(V), ...get(V), ...op.ne, ...op.bitselect, ...set(OUT));
  step.push(...v128Store([...get(DX), ...get(I), 0x6a], get(OUT)), ...localAdd(I, [0x41, 16]));
  return functionBody(
    [
      [1, I32],
      [5, V128],
    ],
    [...code, ...whileBelow(I, BYTES, step)],
  );
}

function moduleBytes(shared: boolean): Uint8Array {
  const params = [I32, I32, I32, I32, F32, F32];
  return assembleModule(
    [
      { key: "open", params, body: body(false) },
      { key: "closed", params, body: body(true) },
    ],
    shared,
  );
}

export function rangeGradientSimd(backend: unknown): RangeGradientSimd | null {
  return moduleOnHeap<RangeGradientSimd>(backend, moduleBytes);
}
