export interface WasmMemoryLike {
  buffer: ArrayBuffer | SharedArrayBuffer;
}

type Assemble = (shared: boolean) => Uint8Array;

const instances = new WeakMap<object, Map<Assemble, unknown>>();

/**
 * The exports of a module of thtl's own (`assemble` gives its bytes) instantiated on the wasm
 * backend's memory, once per memory; null where it cannot be had (no memory found, or no SIMD in
 * this engine), and the caller's JavaScript loops run instead.
 */
export function moduleOnHeap<T>(backend: unknown, assemble: Assemble): T | null {
  const memory = backendMemory(backend);
  return memory === undefined ? null : moduleOnMemory<T>(memory, assemble);
}

/** The backend's wasm memory, or undefined where it cannot be found. */
export function backendMemory(backend: unknown): WasmMemoryLike | undefined {
  // The threaded build keeps its shared memory in `wasmMemory`, the single-threaded one exports it.
  const wasm = (backend as { wasm?: { wasmMemory?: WasmMemoryLike; asm?: { memory?: WasmMemoryLike } } }).wasm;
  return wasm?.wasmMemory ?? wasm?.asm?.memory;
}

/** A module of thtl's own instantiated on `memory` (once per memory and module), or null without SIMD. */
export function moduleOnMemory<T>(memory: WasmMemoryLike, assemble: Assemble): T | null {
  let modules = instances.get(memory);
  if (modules === undefined) instances.set(memory, (modules = new Map()));
  if (!modules.has(assemble)) modules.set(assemble, instantiate(memory, assemble));
  return modules.get(assemble) as T | null;
}

function instantiate(memory: WasmMemoryLike, assemble: Assemble): unknown {
  const wasm = (
    globalThis as unknown as {
      WebAssembly: {
        Module: new (bytes: Uint8Array) => object;
        Instance: new (module: object, imports: object) => { exports: unknown };
      };
    }
  ).WebAssembly;
  try {
    const module = new wasm.Module(assemble(memory.buffer instanceof SharedArrayBuffer));
    return new wasm.Instance(module, { env: { memory } }).exports;
  } catch {
    return null;
  }
}
