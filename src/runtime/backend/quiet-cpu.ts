import type { engine } from "@tensorflow/tfjs-core";

const QUIET = Symbol("thtl.quietCpu");

type CpuBackend = { firstUse?: boolean };
type Factory = (() => unknown) & { [QUIET]?: true };

/**
 * tfjs-backend-cpu prints "Hi, looks like you are running TensorFlow.js in Node.js ... install
 * our node backend" on stderr the first time any instance of it stores a tensor. thtl's backend
 * line already says what runs and what is missing, so every cpu backend this engine makes (the
 * engine makes a new one when it picks a backend by itself) starts with that banner spent.
 * Idempotent: the engine outlives this module in tests that load it more than once.
 */
// Takes tfjs-core rather than `TfNamespace`, which `tf.ts` defines and would make an import cycle of.
export function quietCpuBackend(tf: { engine: typeof engine }): void {
  const engine = tf.engine();
  const entry = engine.registryFactory["cpu"];
  if (!entry) return;
  const make = entry.factory as Factory;
  if (!make[QUIET]) {
    const quiet: Factory = () => {
      const backend = make() as CpuBackend;
      backend.firstUse = false;
      return backend;
    };
    quiet[QUIET] = true;
    entry.factory = quiet as typeof entry.factory;
  }
  const live = engine.registry["cpu"] as CpuBackend | undefined;
  if (live) live.firstUse = false;
}
