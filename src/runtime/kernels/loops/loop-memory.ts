import type { WasmMemoryLike } from "../engine/wasm-module.js";

let memory: WasmMemoryLike | undefined;

/**
 * The wasm memory this thread's heap loops run on, for loops that call wasm code of their own
 * (which imports the memory object, not the buffer a loop is handed): the helper thread sets it
 * when it starts, the main thread's kernels before they run such a loop.
 */
export function setLoopMemory(threadMemory: WasmMemoryLike): void {
  memory = threadMemory;
}

export function loopMemory(): WasmMemoryLike {
  if (memory === undefined) throw new Error("a heap loop needs the wasm memory, and none was set on this thread");
  return memory;
}
