import { readFileSync } from "node:fs";
import sharp from "sharp";
import { decodeImage } from "../../data/decode.js";
import { parseSizeText } from "../../data/size.js";

/**
 * How an image is brought to the size a model reads, for commands that apply a trained model to
 * image files (`thtl predict`, LayerCAM):
 * - `exact`: resized to exactly height x width (`--size`), aspect ratio not kept;
 * - `native`: fed at its own size (`--native`), for architectures that accept any size;
 * - `cover`: scaled to cover height x width and centre-cropped, as the training data loader does
 *   (a run's model at its plan's input size);
 * - `eval`: the framework's evaluation transform recorded at import: short side resized to
 *   `resize`, then a `crop` x `crop` centre crop (torchvision: 256 then 224).
 */
export type Sizing =
  | { kind: "exact"; height: number; width: number }
  | { kind: "native" }
  | { kind: "cover"; height: number; width: number }
  | { kind: "eval"; resize: number; crop: number };

export interface SizingRequest {
  /** `--size HxW` as typed, or one number for a square. */
  size?: string | undefined;
  native?: boolean | undefined;
}

/** A sizing the user asked for, or the model's own; the error says what was wrong with the request. */
export function chooseSizing(
  request: SizingRequest,
  model: { input: { height: number; width: number }; evalTransform?: { resize: number; crop: number } | undefined },
): Sizing {
  if (request.size !== undefined && request.native)
    throw new SizingError("--size and --native contradict each other: give one");
  if (request.size !== undefined) {
    const size = parseSizeText(request.size);
    if (!size)
      throw new SizingError(`--size must be HEIGHTxWIDTH such as 224x224 (or one number), got '${request.size}'`);
    return { kind: "exact", ...size };
  }
  if (request.native) return { kind: "native" };
  if (model.evalTransform) return { kind: "eval", ...model.evalTransform };
  return { kind: "cover", height: model.input.height, width: model.input.width };
}

export class SizingError extends Error {}

/** An image decoded to 8-bit HWC pixels at the size the sizing gives. */
export interface SizedImage {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: 1 | 3;
}

export async function loadSizedImage(file: string, sizing: Sizing, channels: 1 | 3): Promise<SizedImage> {
  const bytes = readFileSync(file);
  if (sizing.kind === "cover") {
    const { height, width } = sizing;
    return { pixels: await decodeImage(bytes, { height, width, channels }), height, width, channels };
  }
  let pipeline = sharp(bytes, { failOn: "truncated" }).autoOrient();
  if (sizing.kind === "exact")
    pipeline = pipeline.resize(sizing.width, sizing.height, { fit: "fill", kernel: "lanczos3" });
  if (sizing.kind === "eval") pipeline = await evalTransform(pipeline, sizing);
  pipeline = pipeline.removeAlpha();
  pipeline = channels === 1 ? pipeline.grayscale() : pipeline.toColourspace("srgb");
  const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  return {
    pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    height: info.height,
    width: info.width,
    channels,
  };
}

/** torchvision's `Resize(resize)` (short side; the long side truncated, as it computes it) then `CenterCrop(crop)`. */
async function evalTransform(
  pipeline: sharp.Sharp,
  { resize, crop }: { resize: number; crop: number },
): Promise<sharp.Sharp> {
  const { info } = await pipeline.clone().raw().toBuffer({ resolveWithObject: true });
  const short = Math.min(info.width, info.height);
  const width = info.width === short ? resize : Math.trunc((resize * info.width) / short);
  const height = info.height === short ? resize : Math.trunc((resize * info.height) / short);
  const resized = await pipeline
    .resize(width, height, { fit: "fill", kernel: "lanczos3" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // torchvision rounds the crop's offsets: round((size - crop) / 2).
  const left = Math.round((width - crop) / 2);
  const top = Math.round((height - crop) / 2);
  const { channels } = resized.info;
  return sharp(resized.data, { raw: { width, height, channels } }).extract({ left, top, width: crop, height: crop });
}
