import { readFileSync } from "node:fs";
import sharp from "sharp";
import { BadImageError, decodeImage } from "../../data/decode.js";
import type { PlanNormalization } from "../../plan/types.js";
import type { InputSizing } from "./input-size.js";

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
 * Reads an image file and prepares it as the model's data pipeline does: decoded (EXIF orientation
 * applied, alpha dropped, grey or RGB as the model takes), sized as `sizing` says, scaled to
 * [0, 1] and normalised per channel. Throws `BadImageError` for a file that is not an image.
 */
export async function readModelImage(file: string, sizing: InputSizing, normalization: Pick<PlanNormalization, "mean" | "std">): Promise<ModelImage> {
  const bytes = readFileSync(file);
  let decoded;
  try {
    decoded = sizing.kind === "fixed" ? { pixels: await decodeImage(bytes, sizing.size), ...sizing.size } : await decodeNative(bytes, sizing.channels);
  } catch (error) {
    throw new BadImageError(`${file}: ${(error as Error).message}`);
  }
  const { pixels, height, width, channels } = decoded;
  return { file, height, width, channels, pixels, input: normalise(pixels, normalization) };
}

export function normalise(pixels: Uint8Array, { mean, std }: Pick<PlanNormalization, "mean" | "std">): Float32Array {
  const channels = mean.length;
  return Float32Array.from(pixels, (v, i) => (v / 255 - mean[i % channels]!) / std[i % channels]!);
}

async function decodeNative(bytes: Uint8Array, channels: 1 | 3): Promise<{ pixels: Uint8Array; height: number; width: number; channels: 1 | 3 }> {
  try {
    let pipeline = sharp(bytes, { failOn: "truncated" }).autoOrient().removeAlpha();
    pipeline = channels === 1 ? pipeline.grayscale() : pipeline.toColourspace("srgb");
    const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
    return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), height: info.height, width: info.width, channels };
  } catch (error) {
    throw new BadImageError(/unsupported image format/i.test((error as Error).message) ? "its content is not PNG, JPEG, WebP or TIFF" : "its image data is corrupt");
  }
}
