import { engine, util, type TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { backendMemory, type WasmMemoryLike } from "../engine/wasm-module.js";
import { runHeapLoop } from "../loops/js-pool.js";
import { setLoopMemory } from "../loops/loop-memory.js";
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

/**
 * A · B by thtl's SIMD product (gemm-simd.ts) where it applies: float32, one matrix each (any
 * leading axes of size 1, the same on both), B's columns a multiple of 8, and an engine with SIMD.
 * Null elsewhere, for wasm's own kernel (XNNPACK). B is packed into panels once per call (XNNPACK
 * packs it on every call too), and the rows of C are shared with the helper thread when there is
 * one (js-pool.ts), as XNNPACK shares them with its pool.
 */
export function gemmProduct(backend: unknown, a: TensorInfo, b: TensorInfo): TensorInfo | null {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape.at(-1)!;
  const single = (shape: number[]) => util.sizeFromShape(shape.slice(0, -2)) === 1;
  const plain = a.dtype === "float32" && b.dtype === "float32" && a.shape.length === b.shape.length;
  if (!plain || !single(a.shape) || !single(b.shape) || n % 8 !== 0 || m * k === 0) return null;
  const simd = backendGemm(backend);
  if (simd === null) return null;
  const { memory, gemm } = simd;
  const heap = backend as WasmHeap;
  const c = heap.makeOutput([...a.shape.slice(0, -1), n], "float32");
  const panels = engine().makeTensorFromTensorInfo(heap.makeOutput([k * n], "float32"));
  // Views after every allocation: a growing heap would detach earlier ones.
  const [viewA, viewB, viewC, viewP] = [a, b, c, panels].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
  gemm.pack(viewB!.byteOffset, viewP!.byteOffset, k, n);
  setLoopMemory(memory);
  const args = [viewA!.byteOffset, viewP!.byteOffset, viewC!.byteOffset, k, n, m];
  runHeapLoop("gemmRows", viewC!.buffer, args, Math.ceil(m / 4), m * k + k * n);
  panels.dispose();
  return c;
}
