import { augmentInto } from "../../data/augment.js";
import type { PlanNormalization } from "../../plan/types.js";
import { loadSizedImage, type Sizing } from "./input-size.js";
import { InferenceError } from "./load-model.js";

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
 * Reads an image file for `thtl predict` and `thtl cam`: decoded and sized as `sizing` says,
 * then normalised (channel order included) as the model's data was. Throws `InferenceError`,
 * naming the file, for a file that is not an image.
 */
export async function readModelImage(
  file: string,
  sizing: Sizing,
  normalization: PlanNormalization,
  channels: 1 | 3,
): Promise<ModelImage> {
  const image = await loadSizedImage(file, sizing, channels).catch((error: Error) => {
    throw new InferenceError(`cannot read the image '${file}': ${error.message}`);
  });
  const input = new Float32Array(image.pixels.length);
  augmentInto(image.pixels, image.height, image.width, image.channels, [], null, normalization, input, 0);
  return { file, ...image, input };
}
