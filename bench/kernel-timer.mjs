import type { KernelConfig, KernelFunc } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../tf.js";

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

const clocks: Record<Clock, () => number> = {
  wall: () => performance.now(),
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

/**
 * Wraps every kernel of a synchronous backend (wasm, cpu) in a timer: the profile that
 * `docs/performance.md` reports. tfjs's own `tf.profile` times each kernel including the kernels
 * it calls, which double-counts ours; this keeps self and total time apart.
 */
export function startKernelTimer(tf: TfNamespace, backendName: string, clock: Clock = "wall"): KernelTimer {
  const now = clocks[clock];
  const originals = tf.getKernelsForBackend(backendName);
  const times = new Map<string, KernelTime>();
  const childMs: number[] = [];
  const running: string[] = [];
  const wrap = (config: KernelConfig): KernelFunc => (args) => {
    const key = running.length > 0 ? `${running[running.length - 1]} > ${config.kernelName}` : config.kernelName;
    const start = now();
    childMs.push(0);
    running.push(config.kernelName);
    try {
      return config.kernelFunc(args);
    } finally {
      const total = now() - start;
      running.pop();
      const inner = childMs.pop()!;
      if (childMs.length > 0) childMs[childMs.length - 1]! += total;
      const entry = times.get(key) ?? { kernel: key, calls: 0, selfMs: 0, totalMs: 0 };
      entry.calls += 1;
      entry.selfMs += total - inner;
      entry.totalMs += total;
      times.set(key, entry);
    }
  };
  const replace = (config: KernelConfig) => {
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(config);
  };
  for (const config of originals) replace({ ...config, kernelFunc: wrap(config) });
  return {
    table: () => [...times.values()].sort((a, b) => b.selfMs - a.selfMs),
    reset: () => times.clear(),
    stop: () => originals.forEach(replace),
  };
}
