import { augmentInto } from "../../data/augment.js";
import { BadImageError } from "../../data/decode.js";
import type { PlanNormalization } from "../../plan/types.js";
import { loadSizedImage, type Sizing } from "./input-size.js";

/** One image as a model takes it: HWC pixels (0-255) and the same normalised as the model's data was. */
export interface ModelImage {
  file: string;
  height: number;
  width: number;
  channels: number;
  pixels: Uint8Array;
  input: Float32Array;
}

/**
 * Reads an image file and prepares it as `thtl predict` does: decoded and sized as `sizing` says,
 * then normalised (channel order included) as the model's data was. Throws `BadImageError` for a
 * file that is not an image.
 */
export async function readModelImage(
  file: string,
  sizing: Sizing,
  normalization: PlanNormalization,
  channels: 1 | 3,
): Promise<ModelImage> {
  const image = await loadSizedImage(file, sizing, channels).catch((error: Error) => {
    throw new BadImageError(`${file}: ${error.message}`);
  });
  const input = new Float32Array(image.pixels.length);
  augmentInto(image.pixels, image.height, image.width, image.channels, [], null, normalization, input, 0);
  return { file, ...image, input };
}
