import {
  assembleModule,
  f32x4Const,
  functionBody,
  I32,
  localAdd,
  localGet,
  localSet,
  shuffle,
  simd,
  V128,
  v128Load,
  v128Store,
  whileBelow,
} from "../engine/wasm-encoding.js";
import { moduleOnMemory, type WasmMemoryLike } from "../engine/wasm-module.js";

/**
 * The loops of batch norm in training mode (activation-loops.ts) in wasm SIMD, four channels at a
 * time, for activations whose channels are a multiple of 4. Every pointer is a byte offset on the
 * backend's heap, `rows` and `channels` are counts; per-channel vectors are float32 on the heap.
 * - `statistics(x, shift, totals, rows, channels, blockRows)`: per block of `blockRows` rows and
 *   channel, the sums of x - shift and of its squares, at `totals` as float64 [blocks][2][channels];
 * - `gradientSums(dy, x, mean, totals, rows, channels, blockRows)`: the sums of dy and of
 *   dy (x - mean), the same way;
 * - `normalise(x, y, coefficients, rows, channels)`: y = ((x - shift) - (mean - shift)) a + offset,
 *   coefficients [shift, mean - shift, a, offset] (the shift of `statistics`);
 * - `gradient(dy, x, mean, coefficients, dx, rows, channels)`: dx = a dy + b + k (x - mean),
 *   coefficients [a, b, k].
 */
export interface BatchNormSimd {
  statistics(...args: number[]): void;
  gradientSums(...args: number[]): void;
  normalise(...args: number[]): void;
  gradient(...args: number[]): void;
}

const [get, set, addTo, load, store] = [localGet, localSet, localAdd, v128Load, v128Store];
const plus = (a: number, b: number) => [...get(a), ...get(b), 0x6a];
const [ADD, SUB, MUL] = [simd(0xe4), simd(0xe5), simd(0xe6)];

const plus3 = (a: number, b: number, c: number) => [...plus(a, b), ...get(c), 0x6a];

const [F64_ADD, F64_SUB, F64_MUL, PROMOTE] = [simd(0xf0), simd(0xf1), simd(0xf2), simd(0x5f)];
/** The low and the high two lanes of a float32 vector in a local, as float64 pairs on the stack. */
const low = (local: number) => [...get(local), ...PROMOTE];
const high = (local: number) => [...get(local), ...get(local), ...shuffle([2, 3, 2, 3]), ...PROMOTE];
/** local (a float64 pair) += the pair the code leaves on the stack */
const accumulate = (local: number, code: number[]) => [...get(local), ...code, ...F64_ADD, ...set(local)];

/**
 * statistics (gradient false): params x, shift, totals, rows, channels, blockRows.
 * gradientSums (gradient true): params dy, x, mean, totals, rows, channels, blockRows.
 * Sums in float64 pairs (two per four channels), as the JavaScript loops sum in float64: float32
 * block sums moved a 3-epoch training run's loss 0.4% off the cpu backend's.
 */
function sumsBody(gradient: boolean): number[] {
  const params = gradient ? 7 : 6;
  const [first, second, centre, totals, rows, channels, blockRows] = gradient
    ? [0, 1, 2, 3, 4, 5, 6]
    : [0, 0, 1, 2, 3, 4, 5];
  const local = (n: number) => params + n;
  const [r0, r1, c, r, rowBytes, at] = [local(0), local(1), local(2), local(3), local(4), local(5)];
  // float64 pairs: the sums (low and high lanes), the centre; float32 vectors: the values read
  const [sum1Low, sum1High, sum2Low, sum2High, kLow, kHigh] = [6, 7, 8, 9, 10, 11].map(local) as number[];
  const [v, g] = [local(12), local(13)];
  const centred = (half: (l: number) => number[], k: number) => [...half(v), ...get(k!), ...F64_SUB];
  // statistics: d = x - shift, sum1 += d, sum2 += d d. gradientSums: sum1 += dy, sum2 += dy (x - mean).
  const step = gradient
    ? [
        ...load(plus(first, at)),
        ...set(g),
        ...load(plus(second, at)),
        ...set(v),
        ...accumulate(sum1Low!, low(g)),
        ...accumulate(sum1High!, high(g)),
        ...accumulate(sum2Low!, [...low(g), ...centred(low, kLow!), ...F64_MUL]),
        ...accumulate(sum2High!, [...high(g), ...centred(high, kHigh!), ...F64_MUL]),
      ]
    : [
        ...load(plus(first, at)),
        ...set(v),
        ...accumulate(sum1Low!, centred(low, kLow!)),
        ...accumulate(sum1High!, centred(high, kHigh!)),
        ...accumulate(sum2Low!, [...centred(low, kLow!), ...centred(low, kLow!), ...F64_MUL]),
        ...accumulate(sum2High!, [...centred(high, kHigh!), ...centred(high, kHigh!), ...F64_MUL]),
      ];
  // totals are float64: channel c's pair at totals + 2 c, the second sums a row of doubles later
  const total = (offset: number[]) => [...get(totals), ...offset, 0x6a, ...get(c), 0x41, 1, 0x74, 0x6a];
  const perChannel = [
    ...load(plus(centre, c)),
    ...set(v),
    ...low(v),
    ...set(kLow!),
    ...high(v),
    ...set(kHigh!),
    ...[sum1Low, sum1High, sum2Low, sum2High].flatMap((sum) => [...f32x4Const(0), ...set(sum!)]),
    ...get(r0),
    ...get(rowBytes),
    0x6c,
    ...get(c),
    0x6a,
    ...set(at),
    ...get(r0),
    ...set(r),
    ...whileBelow(r, r1, [...step, ...addTo(at, get(rowBytes)), ...addTo(r, [0x41, 1])]),
    ...store(total([0x41, 0]), get(sum1Low!)),
    ...store(total([0x41, 16]), get(sum1High!)),
    ...store(total([...get(rowBytes), 0x41, 1, 0x74]), get(sum2Low!)),
    ...store(total([...get(rowBytes), 0x41, 1, 0x74, 0x41, 16, 0x6a]), get(sum2High!)),
    ...addTo(c, [0x41, 16]),
  ];
  const perBlock = [
    // r1 = min(r0 + blockRows, rows)
    ...plus(r0, blockRows),
    ...get(rows),
    ...plus(r0, blockRows),
    ...get(rows),
    0x49,
    0x1b,
    ...set(r1),
    0x41,
    0,
    ...set(c),
    ...whileBelow(c, rowBytes, perChannel),
    ...addTo(totals, [...get(rowBytes), 0x41, 4, 0x6c]),
    ...get(r1),
    ...set(r0),
  ];
  const code = [...get(channels), 0x41, 4, 0x6c, ...set(rowBytes), ...whileBelow(r0, rows, perBlock)];
  return functionBody(
    [
      [6, I32],
      [8, V128],
    ],
    code,
  );
}

/**
 * normalise (gradient false): params x, y, coefficients, rows, channels.
 * gradient (gradient true): params dy, x, mean, coefficients, dx, rows, channels.
 */
function applyBody(gradient: boolean): number[] {
  const params = gradient ? 7 : 5;
  const [r, c, rowBytes, at] = [params, params + 1, params + 2, params + 3];
  const [rows, channels] = [params - 2, params - 1];
  // coefficient vector n at coefficients + n * rowBytes + c
  const coefficient = (coefficients: number, n: number) => [
    ...get(coefficients),
    ...Array.from({ length: n }, () => [...get(rowBytes), 0x6a]).flat(),
    ...get(c),
    0x6a,
  ];
  const [x, y, coefficients] = [0, 1, 2];
  const [dy, gx, mean, gradientCoefficients, dx] = [0, 1, 2, 3, 4];
  const value = gradient
    ? [
        // ((a dy) + b) + k (x - mean), as the JavaScript loop adds them
        ...load(coefficient(gradientCoefficients, 0)),
        ...load(plus3(dy, at, c)),
        ...MUL,
        ...load(coefficient(gradientCoefficients, 1)),
        ...ADD,
        ...load(coefficient(gradientCoefficients, 2)),
        ...load(plus3(gx, at, c)),
        ...load(plus(mean, c)),
        ...SUB,
        ...MUL,
        ...ADD,
      ]
    : [
        // ((x - shift) - (mean - shift)) a + offset: in float32, x a + b, or x - mean with the
        // mean rounded, lose the digits of a channel whose mean is far larger than its spread.
        ...load(plus3(x, at, c)),
        ...load(coefficient(coefficients, 0)),
        ...SUB,
        ...load(coefficient(coefficients, 1)),
        ...SUB,
        ...load(coefficient(coefficients, 2)),
        ...MUL,
        ...load(coefficient(coefficients, 3)),
        ...ADD,
      ];
  const perChannel = [...store(plus3(gradient ? dx : y, at, c), value), ...addTo(c, [0x41, 16])];
  const perRow = [
    0x41,
    0,
    ...set(c),
    ...whileBelow(c, rowBytes, perChannel),
    ...addTo(at, get(rowBytes)),
    ...addTo(r, [0x41, 1]),
  ];
  const code = [...get(channels), 0x41, 4, 0x6c, ...set(rowBytes), ...whileBelow(r, rows, perRow)];
  return functionBody([[4, I32]], code);
}

function moduleBytes(shared: boolean): Uint8Array {
  const params = (n: number) => Array.from({ length: n }, () => I32);
  return assembleModule(
    [
      { key: "statistics", params: params(6), body: sumsBody(false) },
      { key: "gradientSums", params: params(7), body: sumsBody(true) },
      { key: "normalise", params: params(5), body: applyBody(false) },
      { key: "gradient", params: params(7), body: applyBody(true) },
    ],
    shared,
  );
}

/** The module on `memory` (a wasm memory of this thread's), or null without SIMD. */
export function batchNormSimdOn(memory: WasmMemoryLike): BatchNormSimd | null {
  return moduleOnMemory<BatchNormSimd>(memory, moduleBytes);
}
