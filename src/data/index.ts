/**
 * The data layer's entry point, which the runtime and `thtl data` code against. Nothing here
 * loads TensorFlow.js. The files of this folder import `types.ts`, never this file, so that no
 * import runs in a circle.
 */
export type * from "./types.js";
export { loadDomain } from "./load-domain.js";
export { batches, sampleOrder } from "./stream.js";
export { splitFingerprint } from "./entries.js";

/** Where cached decoded images and generated synthetic domains go unless a command says otherwise. */
export const DEFAULT_CACHE_DIR = ".cache/thtl";
