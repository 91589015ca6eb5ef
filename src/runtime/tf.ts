/**
 * The one door to TensorFlow.js. Everything in the runtime gets tfjs through `loadTf()`, so that
 * commands which do not train never load it, and so that tfjs-core and tfjs-layers always come
 * from the same copy (the engine, its backends and its kernel registry are module-global).
 */
import type * as tfCore from "@tensorflow/tfjs-core";
import type * as tfLayers from "@tensorflow/tfjs-layers";
import { releaseGradientsEagerly } from "./backend/eager-backprop.js";
import { quietCpuBackend } from "./backend/quiet-cpu.js";

/** tfjs-core and tfjs-layers side by side, as the `@tensorflow/tfjs` union package exports them. */
export type TfNamespace = typeof tfCore & typeof tfLayers;

let loading: Promise<TfNamespace> | undefined;

/** Imports tfjs-core, tfjs-layers and the pure-JS cpu backend once; later calls share the result. */
export function loadTf(): Promise<TfNamespace> {
  loading ??= (async () => {
    const [core, layers] = await Promise.all([
      import("@tensorflow/tfjs-core"),
      import("@tensorflow/tfjs-layers"),
      import("@tensorflow/tfjs-backend-cpu"),
    ]);
    const tf = { ...core, ...layers } as TfNamespace;
    quietCpuBackend(tf);
    releaseGradientsEagerly(tf);
    return tf;
  })();
  return loading;
}
