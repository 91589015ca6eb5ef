/** The jet colour map (blue 0 -> cyan -> yellow -> red 1), as OpenCV's COLORMAP_JET draws CAMs. */
export function jet(value: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, value));
  const channel = (centre: number) => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - centre))));
  return [channel(3), channel(2), channel(1)];
}

/** How much of the colour map covers the image in overlays. */
export const OVERLAY_ALPHA = 0.5;

/** RGBA pixels of the map coloured over the image (HWC, 1 or 3 channels, 0-255). */
export function overlayPixels(image: Uint8Array, map: Float32Array, channels: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(map.length * 4);
  for (let p = 0; p < map.length; p++) {
    const colour = jet(map[p]!);
    for (let c = 0; c < 3; c++) {
      const base = image[p * channels + (channels === 1 ? 0 : c)]!;
      out[p * 4 + c] = Math.round((1 - OVERLAY_ALPHA) * base + OVERLAY_ALPHA * colour[c]!);
    }
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Normalised input back to 0-255 pixels for display: v * std + mean, clamped. */
export function displayPixels(normalised: Float32Array, mean: readonly number[], std: readonly number[]): Uint8Array {
  const channels = mean.length;
  return Uint8Array.from(normalised, (v, i) =>
    Math.round(255 * Math.min(1, Math.max(0, v * std[i % channels]! + mean[i % channels]!))),
  );
}
