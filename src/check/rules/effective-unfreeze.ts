import { noEffectRule } from "../no-effect.js";

/** An `unfreeze` selector changes something: warned when everything it selects is already trainable. */
export const effectiveUnfreezeRule = noEffectRule("unfreeze", "THTL2058");
