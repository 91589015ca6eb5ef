import { util, type TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { backendMemory, type WasmMemoryLike } from "../engine/wasm-module.js";
import { runHeapLoop } from "../loops/js-pool.js";
import { setLoopMemory } from "../loops/loop-memory.js";
import { EPILOGUE } from "../loops/gemm-loops.js";
import { gemmSimdOn, type GemmSimd } from "./gemm-simd.js";

/** The product's functions on the backend's memory, or null (no SIMD, or no memory found). */
function backendGemm(backend: unknown): { memory: WasmMemoryLike; gemm: GemmSimd } | null {
  const memory = backendMemory(backend);
  const gemm = memory && gemmSimdOn(memory);
  return gemm ? { memory: memory!, gemm } : null;
}

/** Whether this backend's engine runs thtl's SIMD product. */
export function hasGemm(backend: unknown): boolean {
  return backendGemm(backend) !== null;
}

/** Whether `b` ([K, N], any leading axes of size 1) can be B of thtl's product on this backend. */
function fitsB(backend: unknown, b: TensorInfo): boolean {
  const single = util.sizeFromShape(b.shape.slice(0, -2)) === 1;
  return b.dtype === "float32" && single && b.shape.at(-1)! % 8 === 0 && backendGemm(backend) !== null;
}

/**
 * B packed into the product's panels, as a backend output that no scope tracks (the caller frees
 * it): for a B that serves many products, a weight in inference (derived-data.ts). Null where
 * thtl's product does not take `b`.
 */
export function packedPanels(backend: unknown, b: TensorInfo): TensorInfo | null {
  if (!fitsB(backend, b)) return null;
  const [k, n] = b.shape.slice(-2) as [number, number];
  const heap = backend as WasmHeap;
  const panels = heap.makeOutput([k * n], "float32");
  const [viewB, viewP] = [b, panels].map((t) => heap.typedArrayFromHeap(t));
  backendGemm(backend)!.gemm.pack(viewB!.byteOffset, viewP!.byteOffset, k, n);
  return panels;
}

/**
 * What the product applies to each row of C as it is made, while the row is still in cache: a
 * fused convolution's bias (one float32 per column, at most) and activation as a clamp to
 * [min, max] (ReLU, ReLU6; -Infinity and Infinity for none).
 */
export interface ProductEpilogue {
  bias?: TensorInfo;
  /**
   * Instead of a bias, y a + b per column: a batch norm folded into the product's output, the
   * columns' a then their b (thtl's `CONV_BATCH_NORM`).
   */
  scaleShift?: TensorInfo;
  min: number;
  max: number;
}

/**
 * A · B by thtl's SIMD product where it applies: float32, one matrix each (any leading axes of
 * size 1, the same on both), B's columns a multiple of 8, and an engine with SIMD. Null elsewhere,
 * for wasm's own kernel (XNNPACK). B is packed into panels on each call (XNNPACK packs it on every
 * call too) unless `panels` (`packedPanels` of B) are given, and the rows of C are shared with
 * the helper thread when there is one (js-pool.ts), as XNNPACK shares them with its pool: one
 * product of `gemmProducts`.
 */
export function gemmProduct(
  backend: unknown,
  a: TensorInfo,
  b: TensorInfo,
  panels?: TensorInfo,
  epilogue?: ProductEpilogue,
): TensorInfo | null {
  const single = [a, b].every((t) => util.sizeFromShape(t.shape.slice(0, -2)) === 1);
  if (a.shape.length !== b.shape.length || !single) return null;
  const matrix = (t: TensorInfo) => ({ ...t, shape: t.shape.slice(-2) });
  const c = gemmProducts(backend, [matrix(a)], [matrix(b)], panels && [panels], epilogue);
  return c && { ...c[0]!, shape: [...a.shape.slice(0, -1), b.shape.at(-1)!] };
}

/**
 * The products A_i · B_i of 2-D operands of one shape (one, or Winograd's 16) by thtl's product,
 * as one job shared with the helper thread; `panels`, where given, are the B's already packed. The
 * C's are backend outputs for the caller to track. Null where thtl's product does not apply (as
 * `gemmProduct` says).
 */
export function gemmProducts(
  backend: unknown,
  as: TensorInfo[],
  bs: TensorInfo[],
  panels?: TensorInfo[],
  epilogue?: ProductEpilogue,
): TensorInfo[] | null {
  const [a, b] = [as[0]!, bs[0]!];
  const [m, k] = a.shape as [number, number];
  const n = b.shape.at(-1)!;
  const same = (ts: TensorInfo[], t: TensorInfo) => ts.every((u) => util.arraysEqual(u.shape, t.shape));
  const plain = a.shape.length === 2 && b.shape.length === 2 && a.dtype === "float32" && m * k > 0;
  if (!plain || !same(as, a) || !same(bs, b) || !fitsB(backend, b) || !fitsEpilogue(epilogue, n)) return null;
  const { memory, gemm } = backendGemm(backend)!;
  const heap = backend as WasmHeap;
  const cs = as.map(() => heap.makeOutput([m, n], "float32"));
  const packed = panels ?? bs.map(() => heap.makeOutput([k * n], "float32"));
  const offset = (t: TensorInfo) => heap.typedArrayFromHeap(t).byteOffset;
  if (panels === undefined) bs.forEach((bi, i) => gemm.pack(offset(bi), offset(packed[i]!), k, n));
  setLoopMemory(memory);
  const after = epilogue ? epilogueArgs(epilogue, offset) : [EPILOGUE.none, -1, 0, 0];
  const args = [as.length, k, n, m, ...after, ...as.map(offset), ...packed.map(offset), ...cs.map(offset)];
  const buffer = heap.typedArrayFromHeap(cs[0]!).buffer;
  runHeapLoop("gemmRows", buffer, args, as.length * Math.ceil(m / 4), as.length * (m * k + k * n));
  if (panels === undefined) packed.forEach((p) => heap.disposeData(p.dataId, true));
  return cs;
}

/** Whether an epilogue's bias or scale and shift, if any, are one float32 (two) per column of C. */
function fitsEpilogue(epilogue: ProductEpilogue | undefined, n: number): boolean {
  const perColumn = (t: TensorInfo | undefined, count: number) =>
    t === undefined || (t.dtype === "float32" && util.sizeFromShape(t.shape) === count * n);
  return perColumn(epilogue?.bias, 1) && perColumn(epilogue?.scaleShift, 2);
}

/** The product loop's epilogue args: its kind (`EPILOGUE`), the per-column vector's byte offset (-1 for none), min, max. */
function epilogueArgs({ bias, scaleShift, min, max }: ProductEpilogue, offset: (t: TensorInfo) => number): number[] {
  if (scaleShift) return [EPILOGUE.scaleShift, offset(scaleShift), min, max];
  return [EPILOGUE.biasClamp, bias ? offset(bias) : -1, min, max];
}
