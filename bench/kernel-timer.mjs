// A profiling tool for the benchmarks (and one test), not part of thtl, so it ships nowhere.
// Its types are in kernel-timer.d.mts.

/** Milliseconds of wall-clock time, or of this process's CPU time (steadier on a shared machine). */
const clocks = {
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
export function startKernelTimer(tf, backendName, clock = "wall") {
  const now = clocks[clock];
  const originals = tf.getKernelsForBackend(backendName);
  const times = new Map();
  const childMs = [];
  const running = [];
  const wrap = (config) => (args) => {
    const key = running.length > 0 ? `${running[running.length - 1]} > ${config.kernelName}` : config.kernelName;
    const start = now();
    childMs.push(0);
    running.push(config.kernelName);
    try {
      return config.kernelFunc(args);
    } finally {
      const total = now() - start;
      running.pop();
      const inner = childMs.pop();
      if (childMs.length > 0) childMs[childMs.length - 1] += total;
      const entry = times.get(key) ?? { kernel: key, calls: 0, selfMs: 0, totalMs: 0 };
      entry.calls += 1;
      entry.selfMs += total - inner;
      entry.totalMs += total;
      times.set(key, entry);
    }
  };
  const replace = (config) => {
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
