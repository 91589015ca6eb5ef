import { Worker } from "node:worker_threads";
import { sourceCompiler, sourceHooksUrl } from "./source-hooks.js";

/**
 * Starts one replica thread running `replica.js` beside this file. When the runtime runs from
 * its TypeScript sources (tests), the thread first registers hooks that compile them on the fly.
 */
export function spawnReplica(workerData: unknown): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./replica.js", import.meta.url), { workerData });
  const bootstrap = [
    `const { register } = require("node:module");`,
    `register(${JSON.stringify(sourceHooksUrl)}, { data: ${JSON.stringify(sourceCompiler())} });`,
    `import(${JSON.stringify(new URL("./replica.ts", import.meta.url).href)});`,
  ].join("\n");
  return new Worker(bootstrap, { eval: true, workerData });
}
