import type { TfNamespace } from "../src/runtime/tf.js";

export interface KernelTime {
  /** The kernel's name; `Outer > Inner` for a kernel run by another (ours call wasm's). */
  kernel: string;
  calls: number;
  /** Time inside the kernel minus the kernels it ran itself (ours call wasm's). */
  selfMs: number;
  totalMs: number;
}

export interface KernelTimer {
  /** Kernels by self time, largest first. */
  table(): KernelTime[];
  reset(): void;
  /** Puts the original kernels back. */
  stop(): void;
}

/** Milliseconds of wall-clock time, or of this process's CPU time (steadier on a shared machine). */
export type Clock = "wall" | "cpu";

/**
 * Wraps every kernel of a synchronous backend (wasm, cpu) in a timer: the profile that
 * `docs/performance.md` reports.
 */
export function startKernelTimer(tf: TfNamespace, backendName: string, clock?: Clock): KernelTimer;
