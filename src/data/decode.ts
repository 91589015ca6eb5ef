import sharp from "sharp";
import type { ImageSize } from "../plan/types.js";

/**
 * Decodes an image file's bytes to `size`: HWC, 8 bits per channel, `size.channels` channels
 * whatever the file holds (greyscale is expanded to RGB, RGB reduced to luminance, alpha dropped,
 * CMYK and 16-bit converted). EXIF orientation is applied first. The image is scaled to cover the
 * target and centre-cropped (fit `cover`, like torchvision's Resize + CenterCrop); libvips shrinks
 * by box-averaging whole factors and then reduces the rest with lanczos3, so downscaling averages
 * areas rather than skipping pixels. Throws `BadImageError` for anything libvips cannot decode.
 */
export async function decodeImage(bytes: Uint8Array, size: ImageSize): Promise<Uint8Array> {
  try {
    let pipeline = sharp(bytes, { failOn: "truncated" })
      .autoOrient()
      .resize(size.width, size.height, { fit: "cover", kernel: "lanczos3" })
      .removeAlpha();
    pipeline = size.channels === 1 ? pipeline.grayscale() : pipeline.toColourspace("srgb");
    const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
    if (info.channels !== size.channels || data.length !== size.height * size.width * size.channels) {
      throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw new BadImageError(reasonFor(error as Error, bytes));
  }
}

/** A file that is not a decodable image; `reason` reads well inside THTL3000's message. */
export class BadImageError extends Error {}

/** libvips's messages vary by format and version, so they are mapped to a few stable reasons. */
function reasonFor(error: Error, bytes: Uint8Array): string {
  const text = error.message;
  if (bytes.length === 0) return "the file is empty";
  if (/unsupported image format/i.test(text)) return "its content is not PNG, JPEG, WebP or TIFF";
  if (/premature end|truncat|unexpected end|end of (file|data|stream)|not enough data|short read/i.test(text)) {
    return "the file is truncated";
  }
  return "its image data is corrupt";
}

/** Format, size and channels from the header alone, for `thtl data inspect`. */
export async function probeImage(file: string): Promise<{ format: string; width: number; height: number; channels: number }> {
  const meta = await sharp(file).metadata();
  return { format: meta.format ?? "unknown", width: meta.width ?? 0, height: meta.height ?? 0, channels: meta.channels ?? 0 };
}
