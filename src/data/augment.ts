import type { PlanAugment, PlanNormalization } from "../plan/types.js";
import type { Random } from "./random.js";

/**
 * The random choices of one augmented image, drawn in a fixed order from a generator seeded by
 * (seed, epoch, index), so that the same image in the same epoch is always augmented the same way.
 * - `hflip`, `vflip`: each with probability 1/2.
 * - `rotate D`: an angle uniform in [-D, D] degrees about the centre; the corners are filled by
 *   reflecting the image (Keras' RandomRotation default), never with black.
 * - `crop F`: a window whose sides are F of the image's, at a uniform position, resized back.
 * - `jitter A`: brightness, contrast and saturation factors each uniform in [1-A, 1+A]
 *   (torchvision's ColorJitter), applied in that order.
 */
interface Draw {
  flipX: boolean;
  flipY: boolean;
  angle: number;
  scale: number;
  shiftX: number;
  shiftY: number;
  brightness: number;
  contrast: number;
  saturation: number;
}

function draw(augment: readonly PlanAugment[], rng: Random): Draw {
  const d: Draw = { flipX: false, flipY: false, angle: 0, scale: 1, shiftX: 0, shiftY: 0, brightness: 1, contrast: 1, saturation: 1 };
  for (const op of augment) {
    if (op.kind === "hflip") d.flipX = rng.chance(0.5);
    else if (op.kind === "vflip") d.flipY = rng.chance(0.5);
    else if (op.kind === "rotate") d.angle = (rng.range(-op.degrees, op.degrees) * Math.PI) / 180;
    else if (op.kind === "crop") {
      d.scale = op.fraction;
      d.shiftX = rng.range(-(1 - op.fraction) / 2, (1 - op.fraction) / 2);
      d.shiftY = rng.range(-(1 - op.fraction) / 2, (1 - op.fraction) / 2);
    } else {
      const factor = () => rng.range(Math.max(0, 1 - op.amount), 1 + op.amount);
      d.brightness = factor();
      d.contrast = factor();
      d.saturation = factor();
    }
  }
  return d;
}

/**
 * Writes one image into `out` at `offset`: HWC uint8 pixels, augmented (when `augment` is
 * non-empty), scaled to [0, 1] and normalised per channel. Geometry is one inverse mapping with
 * bilinear sampling, so flips, rotation and crop cost a single pass together. Every step works in
 * place in `out`, so a batch allocates nothing per image.
 */
export function augmentInto(
  pixels: Uint8Array, height: number, width: number, channels: number,
  augment: readonly PlanAugment[], rng: Random | null, normalization: PlanNormalization,
  out: Float32Array, offset: number,
): void {
  const d = rng && augment.length > 0 ? draw(augment, rng) : null;
  const image = out.subarray(offset, offset + pixels.length);
  if (d && (d.flipX || d.flipY || d.angle !== 0 || d.scale !== 1)) warp(pixels, height, width, channels, d, image);
  else toFloat(pixels, image);
  if (d && (d.brightness !== 1 || d.contrast !== 1 || d.saturation !== 1)) jitter(image, channels, d);
  const scale = normalization.mean.length;
  if (scale === 0) return;
  for (let i = 0, c = 0; i < image.length; i++, c = c + 1 === channels ? 0 : c + 1) {
    image[i] = (image[i] - normalization.mean[c % scale]) / normalization.std[c % scale];
  }
  if (normalization.order === "bgr" && channels === 3) toBgr(image);
}

/** Keras's `caffe` preprocessing feeds channels in BGR order (mean and std are given in RGB order). */
function toBgr(image: Float32Array): void {
  for (let i = 0; i < image.length; i += 3) {
    const red = image[i];
    image[i] = image[i + 2];
    image[i + 2] = red;
  }
}

function toFloat(pixels: Uint8Array, image: Float32Array): void {
  for (let i = 0; i < pixels.length; i++) image[i] = pixels[i] / 255;
}

/** Reflects a coordinate into [0, n-1] (as numpy's `reflect` padding does). */
function reflect(v: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = Math.abs(v) % period;
  if (m > n - 1) m = period - m;
  return m;
}

function warp(pixels: Uint8Array, height: number, width: number, channels: number, d: Draw, image: Float32Array): void {
  const cos = Math.cos(d.angle);
  const sin = Math.sin(d.angle);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Output pixel -> centred unit coordinates -> crop window -> rotation -> flips -> source pixel.
      let u = ((x + 0.5) / width - 0.5) * d.scale + d.shiftX;
      let v = ((y + 0.5) / height - 0.5) * d.scale + d.shiftY;
      const pu = u * width;
      const pv = v * height;
      u = (cos * pu - sin * pv) / width;
      v = (sin * pu + cos * pv) / height;
      if (d.flipX) u = -u;
      if (d.flipY) v = -v;
      const sx = reflect((u + 0.5) * width - 0.5, width);
      const sy = reflect((v + 0.5) * height - 0.5, height);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, width - 1);
      const y1 = Math.min(y0 + 1, height - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const a = pixels[(y0 * width + x0) * channels + c];
        const b = pixels[(y0 * width + x1) * channels + c];
        const e = pixels[(y1 * width + x0) * channels + c];
        const f = pixels[(y1 * width + x1) * channels + c];
        image[o + c] = ((a + (b - a) * fx) * (1 - fy) + (e + (f - e) * fx) * fy) / 255;
      }
    }
  }
}

/** Brightness scales, contrast blends with the mean grey level, saturation with each pixel's grey. */
function jitter(image: Float32Array, channels: number, d: Draw): void {
  const grey = (i: number) => (channels === 3 ? 0.299 * image[i] + 0.587 * image[i + 1] + 0.114 * image[i + 2] : image[i]);
  let sum = 0;
  for (let i = 0; i < image.length; i += channels) sum += grey(i) * d.brightness;
  const mean = sum / (image.length / channels);
  for (let i = 0; i < image.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const bright = Math.min(1, image[i + c] * d.brightness);
      image[i + c] = Math.min(1, Math.max(0, mean + (bright - mean) * d.contrast));
    }
    if (channels === 3) {
      const g = grey(i);
      for (let c = 0; c < 3; c++) image[i + c] = Math.min(1, Math.max(0, g + (image[i + c] - g) * d.saturation));
    }
  }
}
