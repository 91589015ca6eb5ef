import type { PlanLrDecay } from "../plan/types.js";

/**
 * The learning rate of one epoch (0-based within its stage). It changes per epoch, never per
 * batch, as PyTorch's `CosineAnnealingLR` / `StepLR` stepped once an epoch:
 * - `cosine`: `lr * (1 + cos(pi * epoch / epochs)) / 2`, from `lr` down towards 0;
 * - `step EVERY FACTOR`: `lr * FACTOR ^ floor(epoch / EVERY)`.
 * Per-group rates (`lr SEL X`) decay by the same factor as the base rate.
 */
export function learningRate(base: number, decay: PlanLrDecay, epoch: number, epochs: number): number {
  switch (decay.kind) {
    case "constant":
      return base;
    case "cosine":
      return (base * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
    case "step":
      return base * decay.factor ** Math.floor(epoch / decay.every);
  }
}
