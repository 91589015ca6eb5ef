/**
 * A float32 matrix product C = A B in wasm SIMD, on the backend's heap: B packed into panels of
 * eight columns ([N / 8][K][8]), then 4x8 blocks of C held in eight vector registers while k runs,
 * each row's A[i][k] broadcast from memory (`v128.load32_splat`). V8 compiles the inner loop to
 * two loads, four broadcast loads, eight multiplies and eight adds: 30 to 42 GFLOP/s on one core
 * of this machine against XNNPACK's 14 to 29 for the products of a training step
 * (docs/performance.md). Sums run over k in order, one multiply and one add each, as XNNPACK's do.
 *
 * - `pack(b, p, K, N)`: B [K, N] at byte offset b to panels at p (N a multiple of 8);
 * - `rows(a, p, c, K, N, from, to)`: rows [from, to) of C [M, N] at c, from A [M, K] at a and the
 *   panels at p; blocks of four rows, then single rows for the rest.
 */

import { relaxedSimd } from "../engine/relaxed-simd.js";
import { moduleOnMemory, type WasmMemoryLike } from "../engine/wasm-module.js";
import {
  assembleModule,
  functionBody,
  I32,
  localAdd,
  localGet as get,
  localSet as set,
  simd,
  uleb,
  V128,
  whileBelow,
} from "../engine/wasm-encoding.js";

export interface GemmSimd {
  pack(b: number, p: number, k: number, n: number): void;
  rows(a: number, p: number, c: number, k: number, n: number, from: number, to: number): void;
}

const [LOAD, STORE, LOAD_SPLAT, MUL, ADD] = [simd(0x00), simd(0x0b), simd(0x09), simd(0xe6), simd(0xe4)];
/** f32x4.relaxed_madd: a b + c, fused where the CPU can. */
const MADD = simd(0x105);
const ZERO = [...simd(0x0c), ...new Array<number>(16).fill(0)];
const constant = (value: number) => [0x41, ...uleb(value)];
const shiftLeft = (local: number, bits: number) => [...get(local), ...constant(bits), 0x74];
/** local * other on the stack (i32) */
const times = (local: number, other: number) => [...get(local), ...get(other), 0x6c];

function packBody(): number[] {
  const [b, p, K, N] = [0, 1, 2, 3];
  const [k, j, panels, from, to] = [4, 5, 6, 7, 8];
  const copy = [
    // from = b + (k N + 8 j) 4, to = p + (j K + k) 32
    ...get(b),
    ...times(k, N),
    ...shiftLeft(j, 3),
    0x6a,
    ...constant(2),
    0x74,
    0x6a,
    ...set(from),
    ...get(p),
    ...times(j, K),
    ...get(k),
    0x6a,
    ...constant(5),
    0x74,
    0x6a,
    ...set(to),
    ...[0, 16].flatMap((offset) => [...get(to), ...get(from), ...LOAD, 4, offset, ...STORE, 4, offset]),
    ...localAdd(j, constant(1)),
  ];
  const code = [
    ...get(N),
    ...constant(3),
    0x76,
    ...set(panels),
    ...whileBelow(k, K, [...constant(0), ...set(j), ...whileBelow(j, panels, copy), ...localAdd(k, constant(1))]),
  ];
  return functionBody([[5, I32]], code);
}

function rowsBody(fused: boolean): number[] {
  const [a, p, c, K, N, from, to] = [0, 1, 2, 3, 4, 5, 6];
  const [j, i, k, pa, pp, rowA, rowC, panels, lastBlock] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  const accumulator = (m: number, half: number) => 16 + 2 * m + half;
  const [b0, b1, splat] = [24, 25, 26];
  /** The rows x 8 block of C at row i and panel j, over all k. */
  const block = (rows: number) => {
    const step = [...get(pp), ...LOAD, 4, 0, ...set(b0), ...get(pp), ...LOAD, 4, 16, ...set(b1)];
    for (let m = 0; m < rows; m++) {
      step.push(...get(pa), ...Array.from({ length: m }, () => [...get(rowA), 0x6a]).flat(), ...LOAD_SPLAT, 2, 0);
      step.push(...set(splat));
      for (const half of [0, 1])
        if (fused) step.push(...get(splat), ...get(half ? b1 : b0), ...get(accumulator(m, half)), ...MADD);
        else step.push(...get(accumulator(m, half)), ...get(splat), ...get(half ? b1 : b0), ...MUL, ...ADD);
      step.push(...set(accumulator(m, 1)), ...set(accumulator(m, 0)));
    }
    step.push(...localAdd(pa, constant(4)), ...localAdd(pp, constant(32)), ...localAdd(k, constant(1)));
    const code: number[] = [];
    for (let m = 0; m < rows; m++) for (const half of [0, 1]) code.push(...ZERO, ...set(accumulator(m, half)));
    // pa = a + i rowA, pp = p + j K 32
    code.push(...get(a), ...times(i, rowA), 0x6a, ...set(pa));
    code.push(...get(p), ...times(j, K), ...constant(5), 0x74, 0x6a, ...set(pp));
    code.push(...constant(0), ...set(k), ...whileBelow(k, K, step));
    for (let m = 0; m < rows; m++) {
      for (const half of [0, 1]) {
        // c + (i + m) rowC + 32 j + 16 half
        code.push(...get(c), ...times(i, rowC), 0x6a, ...constant(m), ...get(rowC), 0x6c, 0x6a);
        code.push(...shiftLeft(j, 5), 0x6a, ...get(accumulator(m, half)), ...STORE, 4, ...uleb(16 * half));
      }
    }
    return [...code, ...localAdd(i, constant(rows))];
  };
  const panel = [
    ...get(from),
    ...set(i),
    ...whileBelow(i, lastBlock, block(4)),
    ...whileBelow(i, to, block(1)),
    ...localAdd(j, constant(1)),
  ];
  const code = [
    ...shiftLeft(K, 2),
    ...set(rowA),
    ...shiftLeft(N, 2),
    ...set(rowC),
    ...get(N),
    ...constant(3),
    0x76,
    ...set(panels),
    // lastBlock = to - (to - from) % 4
    ...get(to),
    ...get(to),
    ...get(from),
    0x6b,
    ...constant(3),
    0x71,
    0x6b,
    ...set(lastBlock),
    ...whileBelow(j, panels, panel),
  ];
  return functionBody(
    [
      [9, I32],
      [11, V128],
    ],
    code,
  );
}

function moduleBytes(shared: boolean, fused: boolean): Uint8Array {
  return assembleModule(
    [
      { key: "pack", params: [I32, I32, I32, I32], body: packBody() },
      { key: "rows", params: [I32, I32, I32, I32, I32, I32, I32], body: rowsBody(fused) },
    ],
    shared,
  );
}

const fusedBytes = (shared: boolean) => moduleBytes(shared, true);
const plainBytes = (shared: boolean) => moduleBytes(shared, false);

/**
 * The product's functions on `memory` (a wasm memory of this thread), or null without SIMD: with
 * relaxed SIMD's fused multiply-add where the engine has it (relaxed-simd.ts), which takes the
 * product from 40 to 50-53 GFLOP/s on one core here (docs/performance.md), else multiply and add.
 */
export function gemmSimdOn(memory: WasmMemoryLike): GemmSimd | null {
  const fused = relaxedSimd() ? moduleOnMemory<GemmSimd>(memory, fusedBytes) : null;
  return fused ?? moduleOnMemory<GemmSimd>(memory, plainBytes);
}
