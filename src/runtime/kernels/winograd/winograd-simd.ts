/**
 * The linear maps of Winograd's F(2x2, 3x3) as wasm SIMD loops on tfjs's own heap: a small
 * module, assembled here, that imports the backend's memory. Each function takes the byte offsets
 * of its inputs and outputs (one per component) and a byte count, and walks all of them together
 * four floats at a time: out[k][i] = sum over j of coefficient[k][j] * in[j][i].
 */

import {
  assembleModule,
  f32x4Const,
  I32,
  localAdd,
  localGet as get,
  localSet as set,
  shuffle,
  simd,
  sleb,
  uleb,
  V128,
  vec,
} from "../engine/wasm-encoding.js";
import { moduleOnHeap, moduleOnMemory, type WasmMemoryLike } from "../engine/wasm-module.js";

type Matrix = number[][];

const BT: Matrix = [
  [1, 0, -1, 0],
  [0, 1, 1, 0],
  [0, -1, 1, 0],
  [0, 1, 0, -1],
];
const G: Matrix = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];
const AT: Matrix = [
  [1, 1, 1, 0],
  [0, 1, -1, -1],
];

/** The map X -> L X R^T on row-major matrices, as one matrix on their flattened entries. */
function twoSided(left: Matrix, right: Matrix): Matrix {
  const rows: Matrix = [];
  for (const l of left) {
    for (const r of right) {
      const row: number[] = [];
      for (const la of l) for (const rb of r) row.push(la * rb);
      rows.push(row);
    }
  }
  return rows;
}

const transpose = (m: Matrix): Matrix => m[0]!.map((_, j) => m.map((row) => row[j]!));

/**
 * The five maps: exported names, coefficients, and which side's addresses vary from tile to tile
 * (tiles at the image's edge read zeros or write to a spill buffer instead).
 */
const MAPS = {
  // V = B^T d B
  input: { map: twoSided(BT, BT), indirect: "in" },
  // U = G g G^T
  filter: { map: twoSided(G, G), indirect: null },
  // Y = A^T m A
  output: { map: twoSided(AT, AT), indirect: "out" },
  // dM = A dY A^T
  outputGradient: { map: twoSided(transpose(AT), transpose(AT)), indirect: "in" },
  // dg = G^T dU G
  filterGradient: { map: twoSided(transpose(G), transpose(G)), indirect: null },
} as const;

/** (in_0 .. in_{n-1}, out_0 .. out_{m-1}, bytes, tiles, table): byte offsets on the heap. */
export type SimdMap = (...args: number[]) => void;
/** The maps, and `transpose` (transposeBody). */
export type WinogradSimd = Record<keyof typeof MAPS | "transpose", SimdMap>;

/** Code that leaves sum over j of weights[j] * vector j on the stack (f32x4 mul, add, sub, neg; zero weights skipped). */
function combination(weights: number[], vector: (j: number) => number[]): number[] {
  const code: number[] = [];
  weights
    .map((weight, j) => ({ weight, j }))
    .filter(({ weight }) => weight !== 0)
    .forEach(({ weight, j }, n) => {
      code.push(...vector(j));
      if (Math.abs(weight) !== 1) code.push(...f32x4Const(Math.abs(weight)), ...simd(0xe6));
      if (n === 0 && weight < 0) code.push(...simd(0xe1));
      else if (n > 0) code.push(...simd(weight < 0 ? 0xe5 : 0xe4));
    });
  return code;
}

/** Vectors per stream in the main loop: one 64-byte cache line. */
const UNROLL = 4;

/**
 * One function over `tiles` tiles: params (in_0 .. in_{n-1}, out_0 .. out_{m-1}, bytes, tiles,
 * table). Within a tile, `bytes` bytes of every input and output are walked four floats at a
 * time. On the `indirect` side the tile's addresses come from `table` (n or m i32 byte offsets per
 * tile, in order); on the other, the params are the first tile's addresses and move on by `bytes`
 * per tile. Each output sums its terms of non-zero weight.
 *
 * The 16 parts of a transform are tensors of equal size, often a multiple of 4 KB apart: their
 * streams share one set of the L1 cache and evict each other's lines. So the main loop reads and
 * writes each stream a whole line at a time (`UNROLL` vectors), and one vector at a time only in
 * the last, shorter stretch.
 */
function body(map: Matrix, indirect: "in" | "out" | null): number[] {
  const inputs = map[0]!.length;
  const outputs = map.length;
  const [bytes, tiles, table] = [inputs + outputs, inputs + outputs + 1, inputs + outputs + 2];
  const [i, tile] = [table + 1, table + 2];
  // Addresses of the current tile: the indirect side's in locals of their own, the other's in its params.
  const current = table + 3;
  const address = (side: "in" | "out", n: number) => (indirect === side ? current + n : side === "in" ? n : inputs + n);
  const v = (j: number, u: number) => current + Math.max(inputs, outputs) + j * UNROLL + u;
  const memarg = (u: number) => [4, ...uleb(16 * u)];
  const vectors = (count: number) => {
    const code: number[] = [];
    for (let j = 0; j < inputs; j++) {
      for (let u = 0; u < count; u++)
        code.push(...get(address("in", j)), ...get(i), 0x6a, ...simd(0x00), ...memarg(u), ...set(v(j, u)));
    }
    for (let k = 0; k < outputs; k++) {
      for (let u = 0; u < count; u++) {
        code.push(
          ...get(address("out", k)),
          ...get(i),
          0x6a,
          ...combination(map[k]!, (j) => get(v(j, u))),
          ...simd(0x0b),
          ...memarg(u),
        );
      }
    }
    return code;
  };
  const code: number[] = [0x02, 0x40, 0x03, 0x40, ...get(tile), ...get(tiles), 0x4f, 0x0d, 1];
  if (indirect !== null) {
    const count = indirect === "in" ? inputs : outputs;
    for (let n = 0; n < count; n++) code.push(...get(table), 0x28, 2, ...uleb(4 * n), ...set(current + n));
    code.push(...localAdd(table, [0x41, ...sleb(4 * count)]));
  }
  // Whole lines while i + 64 <= bytes, then single vectors while i < bytes.
  code.push(0x41, 0, ...set(i));
  code.push(0x02, 0x40, 0x03, 0x40, ...get(i), 0x41, ...sleb(16 * UNROLL), 0x6a, ...get(bytes), 0x4b, 0x0d, 1);
  code.push(...vectors(UNROLL), ...localAdd(i, [0x41, ...sleb(16 * UNROLL)]), 0x0c, 0, 0x0b, 0x0b);
  code.push(0x02, 0x40, 0x03, 0x40, ...get(i), ...get(bytes), 0x4f, 0x0d, 1);
  code.push(...vectors(1), ...localAdd(i, [0x41, ...sleb(16)]), 0x0c, 0, 0x0b, 0x0b);
  if (indirect !== "in") for (let j = 0; j < inputs; j++) code.push(...localAdd(j, get(bytes)));
  if (indirect !== "out") for (let k = 0; k < outputs; k++) code.push(...localAdd(inputs + k, get(bytes)));
  code.push(...localAdd(tile, [0x41, 1]), 0x0c, 0, 0x0b, 0x0b, 0x0b);
  const locals = vec([
    [...uleb(2 + Math.max(inputs, outputs)), I32],
    [...uleb(inputs * UNROLL), V128],
  ]);
  const fn = [...locals, ...code];
  return [...uleb(fn.length), ...fn];
}

/**
 * A [rows, cols] float matrix at byte offset `src` written transposed to `dst`: params (src, dst,
 * rows, cols), both multiples of 4. 4x4 blocks turned with shuffles, the output written in order.
 */
function transposeBody(): number[] {
  const [src, dst, rows, cols] = [0, 1, 2, 3];
  const [r, c, from, to, rowIn, rowOut] = [4, 5, 6, 7, 8, 9];
  const v = (u: number) => 10 + u;
  const t = (u: number) => 14 + u;
  const times4 = [0x41, 4, 0x6c];
  const code: number[] = [
    ...get(cols),
    ...times4,
    ...set(rowIn),
    ...get(rows),
    ...times4,
    ...set(rowOut),
    0x41,
    0,
    ...set(c),
  ];
  code.push(0x02, 0x40, 0x03, 0x40, ...get(c), ...get(cols), 0x4f, 0x0d, 1, 0x41, 0, ...set(r));
  code.push(0x02, 0x40, 0x03, 0x40, ...get(r), ...get(rows), 0x4f, 0x0d, 1);
  // from = src + (r * cols + c) * 4, to = dst + (c * rows + r) * 4
  code.push(...get(src), ...get(r), ...get(cols), 0x6c, ...get(c), 0x6a, ...times4, 0x6a, ...set(from));
  code.push(...get(dst), ...get(c), ...get(rows), 0x6c, ...get(r), 0x6a, ...times4, 0x6a, ...set(to));
  for (let u = 0; u < 4; u++) {
    code.push(...get(from));
    for (let n = 0; n < u; n++) code.push(...get(rowIn), 0x6a);
    code.push(...simd(0x00), 2, 0, ...set(v(u)));
  }
  code.push(
    ...get(v(0)),
    ...get(v(1)),
    ...shuffle([0, 4, 1, 5]),
    ...set(t(0)),
    ...get(v(0)),
    ...get(v(1)),
    ...shuffle([2, 6, 3, 7]),
    ...set(t(1)),
  );
  code.push(
    ...get(v(2)),
    ...get(v(3)),
    ...shuffle([0, 4, 1, 5]),
    ...set(t(2)),
    ...get(v(2)),
    ...get(v(3)),
    ...shuffle([2, 6, 3, 7]),
    ...set(t(3)),
  );
  const columns = [
    [t(0), t(2), [0, 1, 4, 5]],
    [t(0), t(2), [2, 3, 6, 7]],
    [t(1), t(3), [0, 1, 4, 5]],
    [t(1), t(3), [2, 3, 6, 7]],
  ] as const;
  columns.forEach(([a, b, lanes], q) => {
    code.push(...get(to));
    for (let n = 0; n < q; n++) code.push(...get(rowOut), 0x6a);
    code.push(...get(a), ...get(b), ...shuffle([...lanes]), ...simd(0x0b), 2, 0);
  });
  code.push(...get(r), 0x41, 4, 0x6a, ...set(r), 0x0c, 0, 0x0b, 0x0b);
  code.push(...get(c), 0x41, 4, 0x6a, ...set(c), 0x0c, 0, 0x0b, 0x0b, 0x0b);
  const locals = vec([
    [...uleb(6), I32],
    [...uleb(8), V128],
  ]);
  const fn = [...locals, ...code];
  return [...uleb(fn.length), ...fn];
}

function moduleBytes(shared: boolean): Uint8Array {
  const functions = [
    ...Object.entries(MAPS).map(([key, { map, indirect }]) => ({
      key,
      params: Array.from({ length: map[0]!.length + map.length + 3 }, () => I32),
      body: body(map as Matrix, indirect),
    })),
    { key: "transpose", params: [I32, I32, I32, I32], body: transposeBody() },
  ];
  return assembleModule(functions, shared);
}

/** The SIMD maps on the backend's memory, or null where the module cannot be had (then the JavaScript loops run). */
export function winogradSimd(backend: unknown): WinogradSimd | null {
  return moduleOnHeap<WinogradSimd>(backend, moduleBytes);
}

/** The maps on `memory` (a wasm memory of this thread: the helper's loops, winograd-loops.ts). */
export function winogradSimdOn(memory: WasmMemoryLike): WinogradSimd | null {
  return moduleOnMemory<WinogradSimd>(memory, moduleBytes);
}
