import { Worker, type WorkerOptions } from "node:worker_threads";
import { sourceCompiler, sourceHooksUrl } from "./source-hooks.js";

/** Starts one replica thread running `replica.js` beside this file. */
export function spawnReplica(workerData: unknown): Worker {
  return spawnModule(import.meta.url, "replica", { workerData });
}

/**
 * Starts a thread running the module `name` beside `base` (a module's `import.meta.url`). When
 * the runtime runs from its TypeScript sources (tests), the thread first registers hooks that
 * compile them on the fly.
 */
export function spawnModule(base: string, name: string, options: WorkerOptions): Worker {
  if (!base.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, base), options);
  const bootstrap = [
    `const { register } = require("node:module");`,
    `register(${JSON.stringify(sourceHooksUrl)}, { data: ${JSON.stringify(sourceCompiler())} });`,
    `import(${JSON.stringify(new URL(`./${name}.ts`, base).href)});`,
  ].join("\n");
  return new Worker(bootstrap, { ...options, eval: true });
}
