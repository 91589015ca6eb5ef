/** RISE's insertion baseline: a Gaussian blur with sigma 5 over an 11 x 11 window. */
export const BLUR_SIGMA = 5;
export const BLUR_RADIUS = 5;

/** The normalised 1-D Gaussian weights for offsets -radius..radius. */
export function gaussianKernel(sigma = BLUR_SIGMA, radius = BLUR_RADIUS): Float32Array {
  const raw = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = raw.reduce((a, b) => a + b, 0);
  return Float32Array.from(raw, (v) => v / total);
}

/**
 * Blurs an H x W x C image (HWC) channel by channel with the separable Gaussian, treating pixels
 * outside the image as zeros, as RISE's `conv2d(..., padding=klen // 2)` does. On normalised
 * input, zero is the dataset's mean colour.
 */
export function gaussianBlur(
  image: Float32Array,
  height: number,
  width: number,
  channels: number,
  kernel = gaussianKernel(),
): Float32Array {
  const radius = (kernel.length - 1) / 2;
  const pass = (source: Float32Array, dy: number, dx: number) => {
    const out = new Float32Array(source.length);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          for (let k = -radius; k <= radius; k++) {
            const yy = y + k * dy;
            const xx = x + k * dx;
            if (yy >= 0 && yy < height && xx >= 0 && xx < width)
              sum += kernel[k + radius]! * source[(yy * width + xx) * channels + c]!;
          }
          out[(y * width + x) * channels + c] = sum;
        }
    return out;
  };
  return pass(pass(image, 1, 0), 0, 1);
}
