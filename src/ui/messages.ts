import type { EventOf } from "../runtime/events.js";
import { fixed4 } from "./format.js";

/** `RUN: CODE: message`: a warning as the live screen's log and the plain logger show it. */
export function warningText(event: EventOf<"warning">): string {
  const code = event.code ? `${event.code}: ` : "";
  const where = event.runId ? `${event.runId}: ` : "";
  return `${where}${code}${event.message}`;
}

/** `weights imagenet (weights/resnet18-imagenet): 120 layers loaded · 1 missing (fc) · left out: head`. */
export function weightsText(event: EventOf<"weights:loaded">): string {
  const parts = [`${event.loaded.length} layers loaded`];
  if (event.missing.length > 0)
    parts.push(
      `${event.missing.length} missing (${event.missing.slice(0, 3).join(", ")}${event.missing.length > 3 ? ", …" : ""})`,
    );
  if (event.unexpected.length > 0) parts.push(`${event.unexpected.length} not in the model`);
  if (event.skipped.length > 0) parts.push(`left out: ${event.skipped.join(", ")}`);
  return `weights ${event.domain} (${event.path}): ${parts.join(" · ")}`;
}

/** `reused from e/tiny/seed1/head (2 epochs, best val_loss 0.4213 @2)`: a stage read from the stage store. */
export function reusedText(event: EventOf<"stage:reused">): string {
  const best = event.best ? `, best ${event.best.metric} ${fixed4(event.best.value)} @${event.best.epoch}` : "";
  return `reused from ${event.from} (${event.epochsRun} ${event.epochsRun === 1 ? "epoch" : "epochs"}${best})`;
}
