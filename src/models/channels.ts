/**
 * How `width` scales channel counts. Most architectures round to the nearest whole channel (at
 * least 1); MobileNetV2 and EfficientNet keep Keras's rule of multiples of 8 (`_make_divisible`,
 * `round_filters`), so width 1 is exactly the published network in every case.
 */

export function scaleChannels(channels: number, width: number): number {
  return Math.max(1, Math.round(channels * width));
}

/** Keras's `_make_divisible(value, 8)`: the nearest multiple of 8, at least 8, not below 90% of value. */
export function makeDivisible(value: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((value + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * value ? rounded + divisor : rounded;
}
