import type { EventOf } from "../runtime/events.js";
import { plural } from "./format.js";
import { shortPath } from "./summary.js";

/** `maps of 8 images at layer4, layer3, fused: runs/.../cam/larynx/layer4`, after a stage. */
export function camText(event: EventOf<"cam:saved">, cwd: string): string {
  return `maps of ${plural(event.images, "image")} at ${event.labels.join(", ")}: ${shortPath(event.dir, cwd)}`;
}
