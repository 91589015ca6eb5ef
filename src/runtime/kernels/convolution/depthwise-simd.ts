import type { backend_util, TensorInfo } from "@tensorflow/tfjs-core";
import {
  assembleModule,
  functionBody,
  I32,
  localAdd,
  localGet as get,
  localSet as set,
  simd,
  v128Load,
  v128Store,
  whileBelow,
} from "../engine/wasm-encoding.js";
import { moduleOnHeap } from "../engine/wasm-module.js";
import type { WasmHeap } from "../engine/wasm-heap.js";

/**
 * The filter gradient of a depthwise convolution (channel multiplier 1, no dilation) in wasm SIMD,
 * four channels at a time: for every output pixel and filter tap inside the image,
 * dw[tap] += x[pixel under the tap] * dy[pixel], along whole rows of channels (NHWC keeps them
 * contiguous in x, dy and dw, and dw's rows stay in the L1 cache). Params, byte offsets then
 * counts: (x, dy, dw, batch, inHeight, inWidth, channels, outHeight, outWidth, filterHeight,
 * filterWidth, strideHeight, strideWidth, padTop, padLeft); dw must start zeroed.
 */
export interface DepthwiseSimd {
  filterGradient(...args: number[]): void;
}

const P = {
  x: 0,
  dy: 1,
  dw: 2,
  batch: 3,
  inHeight: 4,
  inWidth: 5,
  channels: 6,
  outHeight: 7,
  outWidth: 8,
  filterHeight: 9,
  filterWidth: 10,
  strideHeight: 11,
  strideWidth: 12,
  padTop: 13,
  padLeft: 14,
};
const L = { b: 15, oh: 16, i: 17, ih: 18, ow: 19, j: 20, iw: 21, c: 22, rowBytes: 23, xRow: 24, dyRow: 25, wRow: 26 };
const LOCALS = 12;

const mul = (a: number[], b: number[]) => [...a, ...b, 0x6c];
const add = (a: number[], b: number[]) => [...a, ...b, 0x6a];
const sub = (a: number[], b: number[]) => [...a, ...b, 0x6b];
/** 0 <= value < limit, signed (a tap may fall in the padding, above or left of the image). */
const inside = (value: number, limit: number) => [
  ...get(value),
  0x41,
  0,
  0x4e,
  ...get(value),
  ...get(limit),
  0x48,
  0x71,
];
const zero = (local: number) => [0x41, 0, ...set(local)];
const inc = (local: number) => localAdd(local, [0x41, 1]);

function body(): number[] {
  // dw[(i * kw + j) row] += x[(b, ih, iw) row] * dy[(b, oh, ow) row], channel vectors c
  const channelsLoop = [
    ...zero(L.c),
    ...whileBelow(L.c, L.rowBytes, [
      ...v128Store(add(get(L.wRow), get(L.c)), [
        ...v128Load(add(get(L.wRow), get(L.c))),
        ...v128Load(add(get(L.xRow), get(L.c))),
        ...v128Load(add(get(L.dyRow), get(L.c))),
        ...simd(0xe6),
        ...simd(0xe4),
      ]),
      ...localAdd(L.c, [0x41, 16]),
    ]),
  ];
  const tapColumn = [
    // iw = ow * strideWidth + j - padLeft
    ...sub(add(mul(get(L.ow), get(P.strideWidth)), get(L.j)), get(P.padLeft)),
    ...set(L.iw),
    ...inside(L.iw, P.inWidth),
    0x04,
    0x40,
    // xRow = x + ((b * inHeight + ih) * inWidth + iw) * rowBytes; wRow = dw + (i * kw + j) * rowBytes
    ...add(
      get(P.x),
      mul(add(mul(add(mul(get(L.b), get(P.inHeight)), get(L.ih)), get(P.inWidth)), get(L.iw)), get(L.rowBytes)),
    ),
    ...set(L.xRow),
    ...add(get(P.dw), mul(add(mul(get(L.i), get(P.filterWidth)), get(L.j)), get(L.rowBytes))),
    ...set(L.wRow),
    ...channelsLoop,
    0x0b,
    ...inc(L.j),
  ];
  const outColumn = [
    // dyRow = dy + ((b * outHeight + oh) * outWidth + ow) * rowBytes
    ...add(
      get(P.dy),
      mul(add(mul(add(mul(get(L.b), get(P.outHeight)), get(L.oh)), get(P.outWidth)), get(L.ow)), get(L.rowBytes)),
    ),
    ...set(L.dyRow),
    ...zero(L.j),
    ...whileBelow(L.j, P.filterWidth, tapColumn),
    ...inc(L.ow),
  ];
  const tapRow = [
    // ih = oh * strideHeight + i - padTop
    ...sub(add(mul(get(L.oh), get(P.strideHeight)), get(L.i)), get(P.padTop)),
    ...set(L.ih),
    ...inside(L.ih, P.inHeight),
    0x04,
    0x40,
    ...zero(L.ow),
    ...whileBelow(L.ow, P.outWidth, outColumn),
    0x0b,
    ...inc(L.i),
  ];
  const outRow = [...zero(L.i), ...whileBelow(L.i, P.filterHeight, tapRow), ...inc(L.oh)];
  const image = [...zero(L.oh), ...whileBelow(L.oh, P.outHeight, outRow), ...inc(L.b)];
  const code = [...mul(get(P.channels), [0x41, 4]), ...set(L.rowBytes), ...whileBelow(L.b, P.batch, image)];
  return functionBody([[LOCALS, I32]], code);
}

function moduleBytes(shared: boolean): Uint8Array {
  return assembleModule(
    [{ key: "filterGradient", params: Array.from({ length: 15 }, () => I32), body: body() }],
    shared,
  );
}

/** Whether the SIMD filter gradient takes this depthwise convolution. */
function depthwiseSimdApplies(info: backend_util.Conv2DInfo): boolean {
  return (
    info.inChannels === info.outChannels &&
    info.inChannels % 4 === 0 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1
  );
}

/** The filter gradient ([kh, kw, channels, 1]) by the SIMD loop, or null where it does not apply or there is no SIMD. */
export function depthwiseFilterGradientBySimd(
  backend: unknown,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo | null {
  const simd = depthwiseSimdApplies(info) ? moduleOnHeap<DepthwiseSimd>(backend, moduleBytes) : null;
  if (simd === null) return null;
  const heap = backend as WasmHeap;
  const out = heap.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, 1], "float32");
  const [xs, dys, dw] = [x, dy, out].map((t) => heap.typedArrayFromHeap(t)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  dw.fill(0);
  simd.filterGradient(
    ...[xs.byteOffset, dys.byteOffset, dw.byteOffset],
    ...[info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth],
    ...[info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left],
  );
  return out;
}
