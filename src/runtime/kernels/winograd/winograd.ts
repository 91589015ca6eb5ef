import { engine, tidy, type backend_util, type Tensor, type TensorInfo } from "@tensorflow/tfjs-core";
import { run } from "../engine/engine-ops.js";
import {
  transformFilter,
  transformFilterGradient,
  transformInput,
  transformOutput,
  transformOutputGradient,
  type TileGrid,
  type Vectors,
} from "./winograd-transforms.js";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { winogradSimd } from "./winograd-simd.js";
import { derivedData, outsideGradients } from "../engine/derived-data.js";
import { gemmProducts, packedPanels } from "../gemm/gemm-product.js";
import { backendMemory } from "../engine/wasm-module.js";
import { runHeapLoop } from "../loops/js-pool.js";
import { setLoopMemory } from "../loops/loop-memory.js";
import { gridArgs } from "../loops/winograd-loops.js";

/** A 3x3 convolution's operands for Winograd F(2x2, 3x3), already transformed: 16 of each. */
interface Parts {
  tensors: TensorInfo[];
  offsets: number[];
  /** The parts packed for thtl's product as its B (`packedPanels`), where they are kept with the filter. */
  panels?: TensorInfo[];
}

/** Tiles per pass: the 16 transformed input blocks of a pass, and its 16 products, stay under 2^22 floats (16 MB). */
const PASS_ELEMENTS = 1 << 22;

/** The output's size and where its first tile starts in the (unpadded) input. */
export interface WinogradOutput {
  height: number;
  width: number;
  padTop: number;
  padLeft: number;
}

/**
 * A stride-1 3x3 convolution of `x` by Winograd's F(2x2, 3x3): 16 matrix products of the
 * transformed tiles ([tiles, inC]) by the transformed filter ([inC, outC]) as BatchMatMul (thtl's
 * SIMD product where outC is a multiple of 8, gemm-product.ts; XNNPACK otherwise), 2.25 times
 * fewer multiplications than the direct convolution. The transforms are wasm SIMD loops
 * (winograd-simd.ts) where channel counts are multiples of 4, JavaScript loops elsewhere.
 * `rotated` convolves with the filter turned by 180 degrees and its channel axes swapped, which
 * is the input gradient's convolution. Large inputs go in passes of at most `passElements`
 * transformed values; the filter's transform, made once, serves them all.
 */
export function winogradConv(
  heap: WasmHeap,
  x: TensorInfo,
  filter: TensorInfo,
  rotated: boolean,
  out: WinogradOutput,
  passElements = PASS_ELEMENTS,
): Tensor {
  const [batch, height, width, channels] = x.shape as [number, number, number, number];
  const [, , filterIn, filterOut] = filter.shape as [number, number, number, number];
  const outChannels = rotated ? filterIn : filterOut;
  const tileRows = Math.ceil(out.height / 2);
  const tileCols = Math.ceil(out.width / 2);
  const tiles = batch * tileRows * tileCols;
  const grid: TileGrid = {
    batch,
    height,
    width,
    channels,
    padTop: out.padTop,
    padLeft: out.padLeft,
    tileRows,
    tileCols,
  };
  const outGrid: TileGrid = { ...grid, height: out.height, width: out.width, channels: outChannels };
  const pass = Math.max(1, Math.floor(passElements / (16 * Math.max(channels, outChannels))));
  // A product packs its second operand on every call (XNNPACK, and thtl's SIMD product): with few
  // tiles and many channels (ResNet18's layer4: 32 tiles, 512 channels) the products are cheaper transposed,
  // [outC, inC] x [inC, tiles], with the small tile matrices packed instead of the filter's.
  // The turned filter then needs no transposing either (the forward's does): measured on
  // ResNet18, swapping pays from tiles <= channels turned, tiles <= channels / 4 forward.
  const swapped = (rotated ? tiles : 4 * tiles) <= channels && tiles <= pass;
  const y = heap.makeOutput([batch, out.height, out.width, outChannels], "float32");
  const maps = winogradSimd(heap);
  tidy(() => {
    const zeros = allocate(heap, [channels]);
    const spill = allocate(heap, [outChannels]);
    const simd = maps && { maps, table: allocate(heap, [16 * Math.min(pass, tiles)]).offset };
    // [inC, outC] for the plain products, [outC, inC] for the swapped ones.
    const filterParts = filterOperands(heap, filter, rotated, rotated !== swapped, !swapped, simd);
    heapView(heap, x).fill(0, zeros.offset, zeros.offset + channels);
    for (let from = 0; from < tiles; from += pass) {
      const to = Math.min(tiles, from + pass);
      tidy(() => {
        const inputParts = swapped
          ? transposedInput(heap, x, zeros.offset, grid, tiles, simd)
          : allocateParts(heap, [to - from, channels]);
        // Offsets moved back by `from` tiles, so that tile t lands in row t - from of this pass.
        const inputRows = inputParts.offsets.map((offset) => offset - from * channels);
        if (!swapped) inputTiles(heap, x, zeros.offset, inputRows, grid, from, to, simd);
        const [as, bs] = swapped
          ? [filterParts.tensors, inputParts.tensors]
          : [inputParts.tensors, filterParts.tensors];
        const products = products16(heap, as, bs, swapped ? undefined : filterParts.panels);
        const productRows = products.map((p) => offsetOf(heap, p) - from * outChannels);
        outputTiles(heap, productRows, y, outGrid, swapped, from, to, simd, spill.offset);
      });
    }
  });
  return engine().makeTensorFromTensorInfo(y);
}

/**
 * The 16 products A_k B_k as Tensors of the current scope: one job of thtl's product on both
 * threads (`gemmProducts`), else one `BatchMatMul` each.
 */
function products16(heap: WasmHeap, as: TensorInfo[], bs: TensorInfo[], panels?: TensorInfo[]): Tensor[] {
  const cs = gemmProducts(heap, as, bs, panels);
  if (cs !== null) return cs.map((c) => engine().makeTensorFromTensorInfo(c));
  return as.map((a, k) => run("BatchMatMul", { a, b: bs[k]! }, { transposeA: false, transposeB: false }));
}

/**
 * `transformInput` of tiles [from, to) into `rows`: with SIMD on both threads (winograd-loops.ts),
 * each part writing its tiles' rows of the address table.
 */
function inputTiles(
  heap: WasmHeap,
  x: TensorInfo,
  zeros: number,
  rows: number[],
  grid: TileGrid,
  from: number,
  to: number,
  simd: Vectors | null,
): void {
  const view = heapView(heap, x);
  if (simd === null || grid.channels % 4 !== 0)
    return transformInput(view, offsetOf(heap, x), zeros, rows, grid, false, from, to, simd);
  setLoopMemory(backendMemory(heap)!);
  const args = [from, simd.table, offsetOf(heap, x), zeros, ...gridArgs(grid), ...rows];
  runHeapLoop("winogradInputTiles", view.buffer, args, to - from, 16 * (to - from) * grid.channels);
}

/** `transformOutput` of tiles [from, to) from `rows` into `y`, on both threads as `inputTiles`. */
function outputTiles(
  heap: WasmHeap,
  rows: number[],
  y: TensorInfo,
  grid: TileGrid,
  transposed: boolean,
  from: number,
  to: number,
  simd: Vectors | null,
  spill: number,
): void {
  const view = heapView(heap, y);
  if (simd === null) return transformOutput(view, rows, offsetOf(heap, y), grid, transposed, from, to, simd, spill);
  setLoopMemory(backendMemory(heap)!);
  const args = [from, simd.table, offsetOf(heap, y), spill, ...gridArgs(grid), ...rows, transposed ? 1 : 0];
  runHeapLoop("winogradOutputTiles", view.buffer, args, to - from, 16 * (to - from) * grid.channels);
}

/**
 * The filter gradient of a stride-1 3x3 convolution through the same transforms: with V = B^T d B
 * of the input's tiles and M = A dy A^T of the output gradient's, dW = G^T (sum over tiles of
 * V * M) G, i.e. 16 products [inC, tiles] x [tiles, outC], 2.25 times fewer multiplications
 * than the patch matrix's product.
 */
export function winogradFilterGradient(
  heap: WasmHeap,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): Tensor {
  const [batch, height, width, channels] = x.shape as [number, number, number, number];
  const outChannels = info.outChannels;
  const tileRows = Math.ceil(info.outHeight / 2);
  const tileCols = Math.ceil(info.outWidth / 2);
  const tiles = batch * tileRows * tileCols;
  const grid: TileGrid = {
    batch,
    height,
    width,
    channels,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    tileRows,
    tileCols,
  };
  const gradient = heap.makeOutput([3, 3, channels, outChannels], "float32");
  const maps = winogradSimd(heap);
  tidy(() => {
    const zeros = allocate(heap, [Math.max(channels, outChannels)]);
    const simd = maps && { maps, table: allocate(heap, [16 * tiles]).offset };
    heapView(heap, x).fill(0, zeros.offset, zeros.offset + Math.max(channels, outChannels));
    const inputParts = transposedInput(heap, x, zeros.offset, grid, tiles, simd);
    const gradientParts = allocateParts(heap, [tiles, outChannels]);
    const dyGrid: TileGrid = { ...grid, height: info.outHeight, width: info.outWidth, channels: outChannels };
    transformOutputGradient(
      heapView(heap, x),
      offsetOf(heap, dy),
      zeros.offset,
      gradientParts.offsets,
      dyGrid,
      0,
      tiles,
      simd,
    );
    const products = products16(heap, inputParts.tensors, gradientParts.tensors);
    transformFilterGradient(
      heapView(heap, x),
      products.map((p) => offsetOf(heap, p)),
      offsetOf(heap, gradient),
      channels,
      outChannels,
      0,
      channels,
      simd,
    );
  });
  return engine().makeTensorFromTensorInfo(gradient);
}

/**
 * The filter's transform (`filterTransform`), and its panels for the products where the parts are
 * their B (`asB`). Outside any gradient (inference: `predict`, the frozen features, evaluation)
 * they are made once per filter and kept while the filter's data lives (derived-data.ts): the
 * transform was 17 of ResNet18's 143 ms a batch. In training the filter is a weight, new at every
 * step, and they go with the kernel's scope.
 */
function filterOperands(
  heap: WasmHeap,
  filter: TensorInfo,
  rotated: boolean,
  transposed: boolean,
  asB: boolean,
  simd: Vectors | null,
): Parts {
  if (!outsideGradients()) return filterTransform(heap, filter, rotated, transposed, simd, allocateParts);
  const make = () => {
    const parts = filterTransform(heap, filter, rotated, transposed, simd, heapParts).tensors;
    return [...parts, ...(asB ? parts.flatMap((part) => packedPanels(heap, part) ?? []) : [])];
  };
  const key = `winograd ${filter.shape.join("x")} ${rotated} ${transposed} ${asB}`;
  const kept = derivedData(heap, filter, key, make);
  const tensors = kept.slice(0, 16);
  const panels = kept.length > 16 ? kept.slice(16) : undefined;
  return { tensors, offsets: tensors.map((t) => offsetOf(heap, t)), panels };
}

/**
 * The filter's transform, [inC, outC] per component or `transposed` [outC, inC], in parts that
 * `allocate` makes; `rotated` reads the filter turned by 180 degrees. With SIMD and channels
 * multiples of 4 the transposed layout is the plain one transposed in wasm (2.6 ms at 512
 * channels; a transform that writes it directly took 5.0, the JavaScript one 8.4).
 */
function filterTransform(
  heap: WasmHeap,
  filter: TensorInfo,
  rotated: boolean,
  transposed: boolean,
  simd: Vectors | null,
  allocate: (heap: WasmHeap, shape: number[]) => Parts,
): Parts {
  const [, , inC, outC] = filter.shape as [number, number, number, number];
  const parts = allocate(heap, transposed ? [outC, inC] : [inC, outC]);
  if (!transposed || simd === null || inC % 4 !== 0 || outC % 4 !== 0) {
    transformFilter(
      heapView(heap, filter),
      offsetOf(heap, filter),
      inC,
      outC,
      rotated,
      transposed,
      parts.offsets,
      0,
      inC,
      simd,
    );
    return parts;
  }
  tidy(() => {
    const plain = allocateParts(heap, [inC, outC]);
    transformFilter(
      heapView(heap, filter),
      offsetOf(heap, filter),
      inC,
      outC,
      rotated,
      false,
      plain.offsets,
      0,
      inC,
      simd,
    );
    plain.offsets.forEach((offset, k) => simd.maps.transpose(4 * offset, 4 * parts.offsets[k]!, inC, outC));
  });
  return parts;
}

/**
 * The input transform laid out [inC, tiles] per component (the filter gradient's, and the swapped
 * products'): with SIMD, and channels and tiles multiples of 4, transformed as [tiles, inC] and
 * transposed, both in wasm; else by the JavaScript loop that writes that layout directly.
 */
function transposedInput(
  heap: WasmHeap,
  x: TensorInfo,
  zeros: number,
  grid: TileGrid,
  tiles: number,
  simd: Vectors | null,
): Parts {
  const parts = allocateParts(heap, [grid.channels, tiles]);
  if (simd === null || grid.channels % 4 !== 0 || tiles % 4 !== 0) {
    transformInput(heapView(heap, x), offsetOf(heap, x), zeros, parts.offsets, grid, true, 0, tiles);
    return parts;
  }
  tidy(() => {
    const rows = allocateParts(heap, [tiles, grid.channels]);
    transformInput(heapView(heap, x), offsetOf(heap, x), zeros, rows.offsets, grid, false, 0, tiles, simd);
    rows.offsets.forEach((offset, k) => simd.maps.transpose(4 * offset, 4 * parts.offsets[k]!, tiles, grid.channels));
  });
  return parts;
}

/** The filter gradient's transformed operands are made whole (no passes): above 64 MB the patch matrix's path takes over. */
const MAX_FILTER_GRADIENT_ELEMENTS = 1 << 24;

/**
 * Where the filter gradient by Winograd beats the patch matrix's one product (one thread, CPU
 * time, batch 32; docs/performance.md): not where tiles outnumber input channels by more than 8
 * (ResNet18's layer1, 2,048 tiles of 64 channels: 27 against 24 ms), but on layer2 to layer4
 * (512 to 32 tiles of 128 to 512 channels: 10 to 16 ms against 16 to 19).
 */
export function winogradFilterGradientApplies(info: backend_util.Conv2DInfo): boolean {
  const tiles = info.batchSize * Math.ceil(info.outHeight / 2) * Math.ceil(info.outWidth / 2);
  const elements = 16 * tiles * Math.max(info.inChannels, info.outChannels);
  return winogradApplies(info) && tiles <= 8 * info.inChannels && elements <= MAX_FILTER_GRADIENT_ELEMENTS;
}

/**
 * Stride-1, undilated 3x3 convolutions, forward and input gradient. Winograd beat wasm's Conv2D
 * on every ResNet18 layer measured, even with the transforms in JavaScript (one thread, CPU time,
 * batch 32; 16x16 of 64 channels to 2x2 of 512: 12, 10, 10.5 and 20.6 ms against 14, 14, 17 and
 * 33), and the whole training step with two threads (docs/performance.md).
 */
export function winogradApplies(info: backend_util.Conv2DInfo): boolean {
  const unit =
    info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  return unit && info.filterHeight === 3 && info.filterWidth === 3 && info.outHeight > 0 && info.outWidth > 0;
}

/** One view of the whole heap; taken again after any allocation, which may grow (and detach) it. */
function heapView(heap: WasmHeap, t: TensorInfo): Float32Array {
  return new Float32Array(heap.typedArrayFromHeap(t).buffer);
}

function offsetOf(heap: WasmHeap, t: TensorInfo): number {
  return heap.typedArrayFromHeap(t).byteOffset / 4;
}

function allocate(heap: WasmHeap, shape: number[]): { tensor: Tensor; offset: number } {
  const tensor = engine().makeTensorFromTensorInfo(heap.makeOutput(shape, "float32"));
  return { tensor, offset: offsetOf(heap, tensor) };
}

function allocateParts(heap: WasmHeap, shape: number[]): Parts {
  const parts = Array.from({ length: 16 }, () => allocate(heap, shape));
  return { tensors: parts.map((p) => p.tensor), offsets: parts.map((p) => p.offset) };
}

/** Parts that no scope tracks: the caller frees them. */
function heapParts(heap: WasmHeap, shape: number[]): Parts {
  const tensors = Array.from({ length: 16 }, () => heap.makeOutput(shape, "float32"));
  return { tensors, offsets: tensors.map((t) => offsetOf(heap, t)) };
}
