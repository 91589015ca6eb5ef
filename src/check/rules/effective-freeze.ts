import { noEffectRule } from "../no-effect.js";

/** A `freeze` selector changes something: warned when nothing it selects is trainable yet. */
export const effectiveFreezeRule = noEffectRule("freeze", "THTL2059");
