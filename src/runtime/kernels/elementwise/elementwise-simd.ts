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
 * Element loops of wasm SIMD, four floats at a time; pointers are byte offsets, byte counts
 * multiples of 16. The arithmetic is one IEEE operation per element, as tfjs's cpu kernels do it
 * (the sum of `columnMean` excepted, which adds in float32, row after row).
 * - `add(a, b, y, bytes)`, `mul(a, b, y, bytes)`: y = a + b, y = a b;
 * - `scale(x, y, bytes, factor)`: y = x factor;
 * - `scaleRows(x, s, y, rows, rowBytes)`: y = x s, `s` one value per column;
 * - `scaleShiftRows(x, st, y, rows, rowBytes)`: y = x s + t, `st` the columns' s then their t;
 * - `columnMean(x, y, rows, rowBytes, scale)`: y = scale times the sum of the rows of x.
 */
export interface ElementwiseSimd {
  add(a: number, b: number, y: number, bytes: number): void;
  mul(a: number, b: number, y: number, bytes: number): void;
  scale(x: number, y: number, bytes: number, factor: number): void;
  scaleRows(x: number, s: number, y: number, rows: number, rowBytes: number): void;
  scaleShiftRows(x: number, st: number, y: number, rows: number, rowBytes: number): void;
  columnMean(x: number, y: number, rows: number, rowBytes: number, scale: number): void;
}

const [ADD, MUL, SPLAT] = [simd(0xe4), simd(0xe6), simd(0x13)];
const ZERO = [...simd(0x0c), ...new Array<number>(16).fill(0)];
const plus = (base: number, offset: number) => [...get(base), ...get(offset), 0x6a];

/** y = a (op) b over `bytes`. */
function binaryBody(op: number[]): number[] {
  const [a, b, y, bytes, i] = [0, 1, 2, 3, 4];
  const value = [...v128Load(plus(a, i)), ...v128Load(plus(b, i)), ...op];
  const step = [...v128Store(plus(y, i), value), ...localAdd(i, [0x41, 16])];
  return functionBody([[1, I32]], whileBelow(i, bytes, step));
}

function scaleBody(): number[] {
  const [x, y, bytes, factor, i, splat] = [0, 1, 2, 3, 4, 5];
  const value = [...v128Load(plus(x, i)), ...get(splat), ...MUL];
  const step = [...v128Store(plus(y, i), value), ...localAdd(i, [0x41, 16])];
  return functionBody(
    [
      [1, I32],
      [1, V128],
    ],
    [...get(factor), ...SPLAT, ...set(splat), ...whileBelow(i, bytes, step)],
  );
}

function scaleRowsBody(shift: boolean): number[] {
  const [x, s, y, rows, rowBytes, r, c, row] = [0, 1, 2, 3, 4, 5, 6, 7];
  // row: the byte offset of row r from x and y alike; t follows s, one row of columns later
  const value = [...v128Load([...plus(x, row), ...get(c), 0x6a]), ...v128Load(plus(s, c)), ...MUL];
  if (shift) value.push(...v128Load([...plus(s, c), ...get(rowBytes), 0x6a]), ...ADD);
  const perColumn = [...v128Store([...plus(y, row), ...get(c), 0x6a], value), ...localAdd(c, [0x41, 16])];
  const perRow = [0x41, 0, ...set(c), ...whileBelow(c, rowBytes, perColumn), ...localAdd(row, get(rowBytes))];
  return functionBody([[3, I32]], whileBelow(r, rows, [...perRow, ...localAdd(r, [0x41, 1])]));
}

function columnMeanBody(): number[] {
  const [x, y, rows, rowBytes, scale, r, c, at, factor] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const zero = [...v128Store(plus(y, c), ZERO), ...localAdd(c, [0x41, 16])];
  const sum = [...v128Load(plus(y, c)), ...v128Load([...plus(x, at), ...get(c), 0x6a]), ...ADD];
  const addRow = [...v128Store(plus(y, c), sum), ...localAdd(c, [0x41, 16])];
  const times = [
    ...v128Store(plus(y, c), [...v128Load(plus(y, c)), ...get(factor), ...MUL]),
    ...localAdd(c, [0x41, 16]),
  ];
  const fromZero = [0x41, 0, ...set(c)];
  const code = [...get(scale), ...SPLAT, ...set(factor), ...fromZero, ...whileBelow(c, rowBytes, zero)];
  const perRow = [...fromZero, ...whileBelow(c, rowBytes, addRow), ...localAdd(at, get(rowBytes))];
  code.push(...whileBelow(r, rows, [...perRow, ...localAdd(r, [0x41, 1])]));
  code.push(...fromZero, ...whileBelow(c, rowBytes, times));
  return functionBody(
    [
      [3, I32],
      [1, V128],
    ],
    code,
  );
}

function moduleBytes(shared: boolean): Uint8Array {
  return assembleModule(
    [
      { key: "add", params: [I32, I32, I32, I32], body: binaryBody(ADD) },
      { key: "mul", params: [I32, I32, I32, I32], body: binaryBody(MUL) },
      { key: "scale", params: [I32, I32, I32, F32], body: scaleBody() },
      { key: "scaleRows", params: [I32, I32, I32, I32, I32], body: scaleRowsBody(false) },
      { key: "scaleShiftRows", params: [I32, I32, I32, I32, I32], body: scaleRowsBody(true) },
      { key: "columnMean", params: [I32, I32, I32, I32, F32], body: columnMeanBody() },
    ],
    shared,
  );
}

/** The module on `memory` (a wasm memory of this thread), or null without SIMD. */
export function elementwiseSimdOn(memory: WasmMemoryLike): ElementwiseSimd | null {
  return moduleOnMemory<ElementwiseSimd>(memory, moduleBytes);
}
