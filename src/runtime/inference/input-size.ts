import type { ImageSize } from "../../plan/types.js";

/** How images are sized for a model: exactly H x W (cover and centre-crop), or each at its own size. */
export type InputSizing = { kind: "fixed"; size: ImageSize } | { kind: "native"; channels: 1 | 3 };

/** `--size HxW` parsed; null when the text is not two positive whole numbers. */
export function parseSize(text: string): { height: number; width: number } | null {
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match) return null;
  const [height, width] = [Number(match[1]), Number(match[2])];
  return height > 0 && width > 0 ? { height, width } : null;
}

/**
 * What `--size` / `--native` ask for, else the model's own input size (a run's plan, or an
 * imported folder's metadata), as `thtl predict` sizes images.
 */
export function inputSizing(model: ImageSize, options: { size?: { height: number; width: number }; native?: boolean }): InputSizing {
  if (options.native) return { kind: "native", channels: model.channels };
  return { kind: "fixed", size: options.size ? { ...options.size, channels: model.channels } : model };
}
