#!/usr/bin/env node
/**
 * Loader throughput: 2,000 distinct 512x512 JPEGs (generated once into the system's temp folder,
 * never the repository) decoded, resized and augmented into 64x64 batches of 32.
 *
 *   npm run build && node bench/loader.mjs [--images 2000] [--fresh]
 *
 * Three figures, each in images/s:
 *   stream   decode + resize + augment + normalise per batch, no cache (the loader alone, cold)
 *   check    loadDomain's pass: decode + resize every file into the on-disk cache
 *   cached   later epochs: batches read from that cache, augmented and normalised
 * Then the runtime's training throughput on the same cached batches (ResNet18, the embedded wasm
 * backend, a custom training step as the runtime runs it), and the loader's figures as multiples
 * of it: the target is the loader at least 5x training. `--no-train` skips that part.
 * The last line is JSON with every figure.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync(`${root}dist/data/types.js`)) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(2);
}
const { default: sharp } = await import("sharp");
const { batches, loadDomain } = await import(`${root}dist/data/types.js`);
const { renderSynth } = await import(`${root}dist/data/synth/render.js`);

const { values: flags } = parseArgs({
  options: {
    images: { type: "string", default: "2000" },
    fresh: { type: "boolean", default: false },
    "no-train": { type: "boolean", default: false },
  },
});
const COUNT = Number(flags.images);
const SOURCE = 512;
const IMAGE = { height: 64, width: 64, channels: 3 };
const BATCH = 32;
const AUGMENT = [
  { kind: "hflip" },
  { kind: "rotate", degrees: 15 },
  { kind: "crop", fraction: 0.9 },
  { kind: "jitter", amount: 0.2 },
];
const NORMALIZATION = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], source: "imagenet" };

const dataDir = join(os.tmpdir(), `thtl-bench-loader-${COUNT}`);
await ensureImages(dataDir);
console.log(
  `${COUNT} JPEGs of ${SOURCE}x${SOURCE} -> ${IMAGE.height}x${IMAGE.width}, batch ${BATCH}, augment hflip, rotate 15, crop 0.9, jitter 0.2`,
);
console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);

const hop = {
  domain: "bench",
  data: { kind: "imagefolder", path: dataDir },
  classes: [],
  positive: null,
  head: "new",
  split: { train: 100, val: 0, test: 0, seed: 1 },
  augment: AUGMENT,
  normalization: NORMALIZATION,
  stages: [],
};
const cacheDir = join(os.tmpdir(), `thtl-bench-loader-cache-${process.pid}`);
const options = {
  batchSize: BATCH,
  shuffle: true,
  seed: 1,
  epoch: 0,
  augment: AUGMENT,
  normalization: NORMALIZATION,
  prefetch: 4,
};

let started = performance.now();
const domain = await loadDomain(hop, { baseDir: root, cacheDir, skipBadImages: false, image: IMAGE });
const check = COUNT / ((performance.now() - started) / 1000);
if (domain.problems.length > 0) throw new Error(domain.problems[0].message);

const cached = await timeEpoch(domain);
// A domain without cache entries (built by hand) decodes every file as it streams.
const stream = await timeEpoch({ ...domain, splits: { ...domain.splits } });
const training = flags["no-train"] ? null : await trainingThroughput(domain);
rmSync(cacheDir, { recursive: true, force: true });

const times = (loader) => (training ? `  ${(loader / training).toFixed(1).padStart(6)}x training` : "");
console.log(`stream (decode+resize+augment, no cache) ${stream.toFixed(0).padStart(7)} images/s${times(stream)}`);
console.log(`check  (decode+resize into the cache)    ${check.toFixed(0).padStart(7)} images/s${times(check)}`);
console.log(`cached (epochs after the first)          ${cached.toFixed(0).padStart(7)} images/s${times(cached)}`);
if (training)
  console.log(
    `training (ResNet18, wasm, same batches)  ${training.toFixed(1).padStart(7)} images/s  (target: every loader figure >= 5x)`,
  );
console.log(
  JSON.stringify({
    loaderImagesPerSecond: Math.round(stream),
    checkImagesPerSecond: Math.round(check),
    cachedImagesPerSecond: Math.round(cached),
    trainingImagesPerSecond: training && Number(training.toFixed(1)),
  }),
);

/** Images/s of ResNet18 training steps on the loader's own batches (2 warm-up, then 4 timed). */
async function trainingThroughput(d) {
  const { selectBackend } = await import(`${root}dist/runtime/backend/select.js`);
  const { buildModel } = await import(`${root}dist/runtime/models/build-model.js`);
  const { tf } = await selectBackend("wasm");
  const { model } = buildModel(tf, "resnet18", {
    width: 1,
    dropout: 0,
    input: IMAGE,
    classes: d.classes.length,
    seed: 1,
  });
  const optimizer = tf.train.adam(1e-3);
  const step = (batch) =>
    tf.tidy(() => {
      const x = tf.tensor4d(batch.images, [batch.size, IMAGE.height, IMAGE.width, IMAGE.channels]);
      const y = tf.oneHot(tf.tensor1d(batch.labels, "int32"), d.classes.length);
      const { value, grads } = tf.variableGrads(() =>
        tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })),
      );
      optimizer.applyGradients(grads);
      return value.dataSync()[0];
    });
  let seen = 0;
  let start = 0;
  let n = 0;
  for await (const batch of batches(d, "train", options)) {
    if (seen === 2) start = performance.now();
    step(batch);
    if (++seen > 2) n += batch.size;
    if (seen === 6) break;
  }
  return n / ((performance.now() - start) / 1000);
}

async function timeEpoch(d) {
  const t = performance.now();
  let n = 0;
  for await (const batch of batches(d, "train", options)) n += batch.size;
  if (n !== COUNT) throw new Error(`streamed ${n} images, expected ${COUNT}`);
  return n / ((performance.now() - t) / 1000);
}

/** 2,000 distinct JPEGs: 20 rendered fundus/larynx scenes, each copy with its own noise. */
async function ensureImages(dir) {
  const marker = join(dir, ".complete");
  if (existsSync(marker) && !flags.fresh) return;
  rmSync(dir, { recursive: true, force: true });
  console.log(`generating ${COUNT} JPEGs into ${dir} (once) ...`);
  const bases = [];
  for (let i = 0; i < 20; i++) {
    const png = renderSynth(i % 2 ? "fundus" : "larynx", i % 2, 1, i, { height: SOURCE, width: SOURCE });
    bases.push(await sharp(png).removeAlpha().raw().toBuffer());
  }
  for (let i = 0; i < COUNT; i++) {
    const pixels = Buffer.from(bases[i % bases.length]);
    for (let k = 0; k < 64; k++) pixels[(i * 7919 + k * 104729) % pixels.length] ^= 0x55;
    const folder = join(dir, `class${i % 2}`);
    mkdirSync(folder, { recursive: true });
    await sharp(pixels, { raw: { width: SOURCE, height: SOURCE, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(join(folder, `${i}.jpg`));
  }
  writeFileSync(marker, "");
}
