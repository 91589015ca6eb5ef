#!/usr/bin/env node
/**
 * How far each side's kernels are from what this machine can do, on one thread:
 *
 *   npm run build && node bench/machine-limit.mjs [--no-peer] [--no-native]
 *
 * 1. Arithmetic peaks: wasm SIMD's multiply and add (a loop of our own, in V8, as XNNPACK's
 *    kernels compile), the same 128-bit instructions in native code, and AVX-512 fused
 *    multiply-add (what PyTorch's oneDNN runs here); the native ones from bench/native_peak.c,
 *    compiled with the system's gcc.
 * 2. Convolutions of the study's networks (batch 32, 64x64 input, NHWC), forward: thtl's wasm
 *    kernels (Winograd F(2x2, 3x3) for stride-1 3x3, thtl's SIMD product for 1x1, XNNPACK
 *    otherwise) against PyTorch's
 *    `conv2d` (oneDNN), in GFLOP/s of the direct convolution's arithmetic on taps inside the
 *    image, and each as a share of its own instruction set's peak (Winograd, with 2.25 times
 *    fewer multiplications, can pass 100%).
 * 3. Matrix products (the Winograd products, the filter gradients' patch products, 1x1
 *    convolutions, Dense layers), fresh operands each call as in training: thtl's SIMD product
 *    (BatchMatMul) and XNNPACK's (wasm's _FusedMatMul, which thtl leaves alone), against wasm
 *    SIMD's peak, and PyTorch's `torch.mm` (this build's BLAS).
 *
 * Prints the tables, then one JSON line with every figure.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

process.env.THTL_WASM_THREADS = "1";
const root = fileURLToPath(new URL("..", import.meta.url));
const { values: flags } = parseArgs({
  options: { "no-peer": { type: "boolean", default: false }, "no-native": { type: "boolean", default: false } },
});
const { selectBackend } = await import(`${root}dist/runtime/backend/select.js`);
const { assembleModule, functionBody, I32, localGet, localSet, simd, V128, whileBelow } = await import(
  `${root}dist/runtime/kernels/engine/wasm-encoding.js`
);
const { tf } = await selectBackend("wasm");

/** [name, batch, size, inC, outC, kernel, stride]: layers of ResNet18/50, DenseNet121 and VGG16 at 64x64. */
const CONVOLUTIONS = [
  ["resnet layer1 3x3", 32, 16, 64, 64, 3, 1],
  ["resnet layer2 3x3", 32, 8, 128, 128, 3, 1],
  ["resnet layer3 3x3", 32, 4, 256, 256, 3, 1],
  ["resnet layer4 3x3", 32, 2, 512, 512, 3, 1],
  ["resnet layer2.0 3x3 stride 2", 32, 16, 64, 128, 3, 2],
  ["resnet stem 7x7 stride 2", 32, 64, 3, 64, 7, 2],
  ["resnet50 layer1 1x1", 32, 16, 64, 256, 1, 1],
  ["resnet50 layer3 1x1", 32, 4, 1024, 256, 1, 1],
  ["densenet 1x1 (256 -> 128)", 32, 16, 256, 128, 1, 1],
  ["densenet 3x3 (128 -> 32)", 32, 16, 128, 32, 3, 1],
  ["vgg16 block1 3x3", 32, 64, 64, 64, 3, 1],
];

/** [name, M, K, N]: products as the step's kernels compute them. */
const PRODUCTS = [
  ["square", 1024, 1024, 1024],
  ["Winograd, layer1 (tiles x inC x outC)", 2048, 64, 64],
  ["Winograd, layer2", 512, 128, 128],
  ["Winograd, layer3", 128, 256, 256],
  ["filter gradient, layer1 (9 inC x pixels x outC)", 576, 8192, 64],
  ["resnet50 1x1, layer1 (pixels x inC x outC)", 8192, 64, 256],
  ["Dense, vgg16 fc2 (batch x in x out)", 32, 4096, 4096],
];

const gflops = (flops, ms) => flops / ms / 1e6;

/** Best milliseconds per call of `fn` over rounds of calls lasting about 0.3 s each; `fresh` makes each call's operands. */
function bestMs(fn, flops, fresh = () => []) {
  const calls = Math.max(2, Math.min(200, Math.round(3e9 / flops)));
  let best = Infinity;
  for (let round = 0; round < 4; round++) {
    const operands = Array.from({ length: calls }, fresh);
    const start = performance.now();
    for (const args of operands) tf.dispose(fn(...args));
    best = Math.min(best, (performance.now() - start) / calls);
    operands.flat().forEach((t) => t.dispose());
  }
  return best;
}

/** wasm SIMD's multiply and add: 6 chains of f32x4.mul and 6 of f32x4.add that stay in registers. */
function wasmPeak() {
  const [iterations, counter, m, a] = [0, 1, 2, 3];
  const chain = (c) => 4 + c;
  const step = [];
  for (let c = 0; c < 6; c++) {
    step.push(...localGet(chain(c)), ...localGet(m), ...simd(0xe6), ...localSet(chain(c)));
    step.push(...localGet(chain(6 + c)), ...localGet(a), ...simd(0xe4), ...localSet(chain(6 + c)));
  }
  // m and a come from memory (1 and 0), so that the engine cannot fold them.
  const code = [0x41, 0, ...simd(0x00), 4, 0, ...localSet(m), 0x41, 16, ...simd(0x00), 4, 0, ...localSet(a)];
  code.push(...whileBelow(counter, iterations, [...step, ...localGet(counter), 0x41, 1, 0x6a, ...localSet(counter)]));
  code.push(0x41, 32, ...localGet(chain(0)), ...localGet(chain(6)), ...simd(0xe4), ...simd(0x0b), 4, 0);
  const body = functionBody(
    [
      [1, I32],
      [14, V128],
    ],
    code,
  );
  const memory = new WebAssembly.Memory({ initial: 1 });
  new Float32Array(memory.buffer).set([1, 1, 1, 1, 0, 0, 0, 0]);
  const bytes = assembleModule([{ key: "peak", params: [I32], body }], false);
  const { peak } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const n = 50_000_000;
  peak(n / 10);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    peak(n);
    best = Math.min(best, performance.now() - start);
  }
  return gflops(n * 12 * 4, best);
}

function nativePeaks() {
  const dir = mkdtempSync(join(os.tmpdir(), "thtl-native-peak-"));
  try {
    const binary = join(dir, "peak");
    const source = fileURLToPath(new URL("native_peak.c", import.meta.url));
    const build = spawnSync("gcc", ["-O3", "-mavx512f", "-mfma", "-o", binary, source], { encoding: "utf8" });
    if (build.error || build.status !== 0) {
      console.log(
        `native peaks skipped: gcc could not build bench/native_peak.c (${build.error?.message ?? build.stderr.trim()})`,
      );
      return null;
    }
    const best = (mode, iterations) =>
      Math.max(
        ...[0, 1, 2].map(() => Number(execFileSync(binary, [mode, iterations], { encoding: "utf8" }).split(" ")[0])),
      );
    return { fma512: best("fma512", "200000000"), muladd128: best("muladd128", "200000000") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The direct convolution's multiply-adds on taps inside the image (Keras's `same` padding), which
 * is what oneDNN computes: counting the taps on padding would credit it with work it skips.
 */
function convolutionFlops([, batch, size, inC, outC, kernel, stride]) {
  const out = Math.ceil(size / stride);
  const top = Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2);
  let taps = 0;
  for (let o = 0; o < out; o++)
    for (let t = 0; t < kernel; t++) if (o * stride - top + t >= 0 && o * stride - top + t < size) taps++;
  return 2 * batch * taps * taps * inC * outC;
}

function ourConvolutions() {
  return CONVOLUTIONS.map((layer) => {
    const [, batch, size, inC, outC, kernel, stride] = layer;
    const x = tf.randomNormal([batch, size, size, inC]);
    const ms = bestMs(
      (w) => tf.conv2d(x, w, stride, "same"),
      convolutionFlops(layer),
      () => [tf.randomNormal([kernel, kernel, inC, outC])],
    );
    x.dispose();
    return gflops(convolutionFlops(layer), ms);
  });
}

/** GFLOP/s of each product by `kernel`: BatchMatMul (thtl's SIMD product) or _FusedMatMul (XNNPACK). */
function productRates(kernel) {
  const attrs = { transposeA: false, transposeB: false, activation: "linear" };
  return PRODUCTS.map(([, m, k, n]) => {
    const a = tf.randomNormal([1, m, k]);
    const ms = bestMs(
      (b) => tf.engine().runKernel(kernel, { a, b }, attrs),
      2 * m * k * n,
      () => [tf.randomNormal([1, k, n])],
    );
    a.dispose();
    return gflops(2 * m * k * n, ms);
  });
}

/** PyTorch's GFLOP/s for the convolutions, then the products; null when torch is missing. */
function peerRates() {
  const kernels = [
    ...CONVOLUTIONS.map(([, ...shape]) => `conv:${shape.join(",")}`),
    ...PRODUCTS.map(([, ...shape]) => `mm:${shape.join(",")}`),
  ];
  const script = fileURLToPath(new URL("torch_kernels.py", import.meta.url));
  const run = spawnSync("/usr/bin/python3", [script, ...kernels], { encoding: "utf8" });
  if (run.error || run.status !== 0) {
    console.log("PyTorch peer missing: /usr/bin/python3 cannot import torch (apt-get install -y python3-torch).");
    return null;
  }
  return JSON.parse(run.stdout.trim().split("\n").pop());
}

const pct = (value, peak) => (peak ? `${((100 * value) / peak).toFixed(0)}%` : "-");
const fixed = (value) => (value === undefined ? "-" : value.toFixed(1));

const native = flags["no-native"] ? null : nativePeaks();
const wasm = wasmPeak();
console.log(`Arithmetic peaks, one thread, GFLOP/s (load average ${os.loadavg()[0].toFixed(1)}):`);
console.log(`  wasm SIMD multiply + add (V8)      ${fixed(wasm)}`);
if (native) {
  console.log(`  native 128-bit multiply + add      ${fixed(native.muladd128)}`);
  console.log(`  native AVX-512 fused multiply-add  ${fixed(native.fma512)}`);
  console.log(`  ratio of the two instruction sets  ${(wasm / native.fma512).toFixed(2)}x`);
}
const ours = ourConvolutions();
const peer = flags["no-peer"] ? null : peerRates();
console.log("\nConvolutions, forward, one thread, GFLOP/s of the direct convolution (share of own peak):");
console.log("| layer | thtl wasm | PyTorch oneDNN | thtl / PyTorch |\n| --- | ---: | ---: | ---: |");
CONVOLUTIONS.forEach((layer, i) => {
  const theirs = peer?.[i];
  const ratio = theirs ? `${(ours[i] / theirs).toFixed(2)}x` : "-";
  console.log(
    `| ${layer[0]} | ${fixed(ours[i])} (${pct(ours[i], wasm)}) | ${fixed(theirs)} (${pct(theirs, native?.fma512)}) | ${ratio} |`,
  );
});
const ownProducts = productRates("BatchMatMul");
const xnnpackProducts = productRates("_FusedMatMul");
const peerProducts = peer?.slice(CONVOLUTIONS.length) ?? [];
console.log("\nMatrix products, one thread, fresh operands, GFLOP/s (share of wasm SIMD's peak):");
console.log("| product | M x K x N | thtl | XNNPACK | PyTorch's BLAS |\n| --- | --- | ---: | ---: | ---: |");
PRODUCTS.forEach(([name, m, k, n], i) => {
  const [own, xnnpack] = [ownProducts[i], xnnpackProducts[i]];
  console.log(
    `| ${name} | ${m} x ${k} x ${n} | ${fixed(own)} (${pct(own, wasm)}) | ${fixed(xnnpack)} (${pct(xnnpack, wasm)}) | ${fixed(peerProducts[i])} |`,
  );
});
console.log(
  JSON.stringify({
    peaks: { wasmMulAdd: wasm, ...(native && { nativeMulAdd128: native.muladd128, nativeFma512: native.fma512 }) },
    convolutions: CONVOLUTIONS.map((layer, i) => ({ layer: layer[0], thtl: ours[i], pytorch: peer?.[i] ?? null })),
    products: PRODUCTS.map(([name, m, k, n], i) => ({
      product: name,
      m,
      k,
      n,
      thtl: ownProducts[i],
      xnnpack: xnnpackProducts[i],
      pytorch: peerProducts[i] ?? null,
    })),
  }),
);
