import { createCanvas, type Canvas } from "@napi-rs/canvas";
import type { Random } from "../random.js";

/** How strongly the photographic imperfections of `finish` apply; each generator picks its ranges. */
export interface Imperfections {
  /** Gaussian blur, as a fraction of the image width. */
  blur: number;
  /** Brightness change across the image (a linear ramp), 0..1. */
  unevenLight: number;
  /** Darkening of the corners, 0..1. */
  vignette: number;
  /** Per-pixel Gaussian noise, standard deviation in 0..255 units. */
  noise: number;
}

/**
 * Blur, uneven illumination and sensor noise, so that no two images are clean renderings: the
 * classifier has to find the structure through them. Blur and light are canvas operations; the
 * noise is the one per-pixel loop, as a canvas has no noise primitive.
 */
export function finish(scene: Canvas, rng: Random, look: Imperfections): Canvas {
  const { width, height } = scene;
  const out = createCanvas(width, height);
  const ctx = out.getContext("2d");
  const sigma = look.blur * width;
  if (sigma >= 0.05) ctx.filter = `blur(${sigma.toFixed(3)}px)`;
  ctx.drawImage(scene, 0, 0);
  ctx.filter = "none";

  const angle = rng.range(0, Math.PI * 2);
  const dx = (Math.cos(angle) * width) / 2;
  const dy = (Math.sin(angle) * height) / 2;
  const ramp = ctx.createLinearGradient(width / 2 - dx, height / 2 - dy, width / 2 + dx, height / 2 + dy);
  ramp.addColorStop(0, `rgba(0,0,0,${look.unevenLight.toFixed(3)})`);
  ramp.addColorStop(1, "rgba(0,0,0,0)");
  ctx.fillStyle = ramp;
  ctx.fillRect(0, 0, width, height);

  const radius = Math.hypot(width, height) / 2;
  const vignette = ctx.createRadialGradient(width / 2, height / 2, radius * 0.55, width / 2, height / 2, radius);
  vignette.addColorStop(0, "rgba(0,0,0,0)");
  vignette.addColorStop(1, `rgba(0,0,0,${look.vignette.toFixed(3)})`);
  ctx.fillStyle = vignette;
  ctx.fillRect(0, 0, width, height);

  if (look.noise > 0) addNoise(out, rng, look.noise);
  return out;
}

function addNoise(canvas: Canvas, rng: Random, sigma: number): void {
  const ctx = canvas.getContext("2d");
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const pixels = image.data;
  for (let i = 0; i < pixels.length; i += 4) {
    // Mostly luminance noise with a little colour, as in a camera sensor.
    const shared = rng.gauss() * sigma;
    pixels[i] += shared + rng.gauss() * sigma * 0.3;
    pixels[i + 1] += shared + rng.gauss() * sigma * 0.3;
    pixels[i + 2] += shared + rng.gauss() * sigma * 0.3;
  }
  ctx.putImageData(image, 0, 0);
}
