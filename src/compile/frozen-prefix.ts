import type { PlanAugment, PlanFrozenPrefix } from "../plan/types.js";

/**
 * The frozen groups at the input end, up to the first group with anything trainable. Their
 * output can be computed once per image when nothing upstream changes between epochs: frozen
 * groups always run batch norm in inference mode, so only augmentation could change it.
 */
export function frozenPrefix(
  groups: readonly string[],
  frozen: readonly string[],
  augment: readonly PlanAugment[],
): PlanFrozenPrefix {
  const end = groups.findIndex((group) => !frozen.includes(group));
  const prefix = groups.slice(0, end === -1 ? groups.length : end);
  if (prefix.length === 0)
    return { groups: prefix, cacheable: false, reason: "No group at the input end is frozen in this stage." };
  if (augment.length > 0) {
    return {
      groups: prefix,
      cacheable: false,
      reason: "The hop augments its training images, so the frozen groups see different inputs every epoch.",
    };
  }
  return {
    groups: prefix,
    cacheable: true,
    reason: "The frozen groups see the same images every epoch and run batch norm in inference mode.",
  };
}
