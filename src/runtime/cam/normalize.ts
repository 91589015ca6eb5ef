/**
 * Scales each of `count` maps of `size` values to [0, 1] by (M - min) / (max - min), in place.
 * A map whose max equals its min (flat, all zeros after the ReLU, say) becomes all zeros.
 */
export function minMaxInPlace(maps: Float32Array, count: number, size: number): Float32Array {
  for (let i = 0; i < count; i++) {
    const map = maps.subarray(i * size, (i + 1) * size);
    let min = Infinity;
    let max = -Infinity;
    for (const v of map) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(max > min)) map.fill(0);
    else for (let j = 0; j < map.length; j++) map[j] = (map[j]! - min) / (max - min);
  }
  return maps;
}

/**
 * LayerCAM's multi-layer fusion: the element-wise max over the layers of tanh(2 M), M being each
 * layer's normalised map at the input's size. Not renormalised, so it lies in [0, tanh 2].
 */
export function fuseMaps(maps: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(maps[0]!.length);
  for (const map of maps) {
    for (let j = 0; j < out.length; j++) {
      const v = Math.tanh(2 * map[j]!);
      if (v > out[j]!) out[j] = v;
    }
  }
  return out;
}
