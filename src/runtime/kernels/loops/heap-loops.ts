import { activationLoops } from "./activation-loops.js";
import { concatLoops } from "./concat-loops.js";
import { convLoops } from "./conv-loops.js";
import { gemmLoops } from "./gemm-loops.js";
import { padLoops } from "./pad-loops.js";
import { simdLoops } from "./simd-loops.js";
import { winogradLoops } from "./winograd-loops.js";

/** Every heap loop (`heap-loop-type.ts`), by name; the helper thread imports this too, so nothing here may be heavy. */
export const heapLoops = {
  ...activationLoops,
  ...concatLoops,
  ...convLoops,
  ...gemmLoops,
  ...padLoops,
  ...simdLoops,
  ...winogradLoops,
};

export type HeapLoopName = keyof typeof heapLoops;

/** Names in a fixed order, so that a loop crosses to the helper thread as a number. */
export const heapLoopNames = Object.keys(heapLoops) as HeapLoopName[];
