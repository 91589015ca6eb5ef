import type { WasmHeap } from "../engine/wasm-heap.js";
import { backendMemory, type WasmMemoryLike } from "../engine/wasm-module.js";
import { setLoopMemory } from "./loop-memory.js";

/**
 * The backend's heap, with this thread's loop memory set to the backend's, where `simdOn` (one of
 * thtl's SIMD modules) runs on it; null where it does not (no memory found, or no SIMD), and the
 * caller leaves the work to wasm's kernel. Kernels call it before they make their outputs.
 */
export function loopHeap(backend: unknown, simdOn: (memory: WasmMemoryLike) => unknown): WasmHeap | null {
  const memory = backendMemory(backend);
  if (memory === undefined || simdOn(memory) === null) return null;
  setLoopMemory(memory);
  return backend as WasmHeap;
}
