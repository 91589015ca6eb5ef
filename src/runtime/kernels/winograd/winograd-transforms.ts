/**
 * The transforms of Winograd's F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional
 * Neural Networks", 2015) and their gradients, as loops over one Float32Array view of the wasm
 * heap: every tensor is an offset into `memory`. The 16 transformed components k = 4 * i + j each
 * live in a tensor of their own (`parts[k]`), so that each of the 16 products is a plain 2-D
 * matrix product. Each loop covers a range [from, to) of tiles or input channels so that it can
 * be split between threads; given `Vectors`, the SIMD maps do the arithmetic and JavaScript only
 * works out the tiles' addresses.
 */

import type { WinogradSimd } from "./winograd-simd.js";

/**
 * The SIMD maps (winograd-simd.ts) and a scratch table on the heap (`table`, a float index) for
 * the per-tile addresses of a loop: 16 int32 per tile. Loops whose channel counts are not
 * multiples of 4 run in JavaScript.
 */
export interface Vectors {
  maps: WinogradSimd;
  table: number;
}

const NONE = new Array<number>(16).fill(0);

/** Where the 4x4 input tiles sit: tile (row, col) reads input rows 2 * row - padTop + (0..3). */
export interface TileGrid {
  batch: number;
  height: number;
  width: number;
  channels: number;
  padTop: number;
  padLeft: number;
  tileRows: number;
  tileCols: number;
}

/**
 * V = B^T d B for every 4x4 tile d of an NHWC input at `input` and every channel; component k of
 * tile t and channel c goes to `parts[k] + t * channels + c`, or with `transposed` (the filter
 * gradient's layout) to `parts[k] + c * tiles + t`. Reads outside the image come from `zeros`
 * (`channels` zeros), so one loop serves edge and inner tiles alike.
 */
export function transformInput(
  memory: Float32Array,
  input: number,
  zeros: number,
  parts: number[],
  grid: TileGrid,
  transposed: boolean,
  from: number,
  to: number,
  simd: Vectors | null = null,
): void {
  const c = grid.channels;
  // The SIMD map walks channels four at a time along contiguous rows of the parts.
  if (simd !== null && !transposed && c % 4 === 0)
    return inputBySimd(memory, input, zeros, parts, grid, from, to, simd);
  const tilesPerImage = grid.tileRows * grid.tileCols;
  const [tileStep, channelStep] = transposed ? [1, grid.batch * tilesPerImage] : [c, 1];
  const at = new Array<number>(16).fill(0);
  const [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let t = from; t < to; t++) {
    tileReads(grid, input, zeros, t, at);
    const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15] = at as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    for (let ch = 0, o = t * tileStep; ch < c; ch++, o += channelStep) {
      // B^T d: along the tile's columns, row combinations d0 - d2, d1 + d2, d2 - d1, d1 - d3.
      const d0 = memory[a0 + ch]!,
        d1 = memory[a1 + ch]!,
        d2 = memory[a2 + ch]!,
        d3 = memory[a3 + ch]!;
      const d4 = memory[a4 + ch]!,
        d5 = memory[a5 + ch]!,
        d6 = memory[a6 + ch]!,
        d7 = memory[a7 + ch]!;
      const d8 = memory[a8 + ch]!,
        d9 = memory[a9 + ch]!,
        d10 = memory[a10 + ch]!,
        d11 = memory[a11 + ch]!;
      const d12 = memory[a12 + ch]!,
        d13 = memory[a13 + ch]!,
        d14 = memory[a14 + ch]!,
        d15 = memory[a15 + ch]!;
      const r0 = d0 - d8,
        r1 = d1 - d9,
        r2 = d2 - d10,
        r3 = d3 - d11;
      const s0 = d4 + d8,
        s1 = d5 + d9,
        s2 = d6 + d10,
        s3 = d7 + d11;
      const u0 = d8 - d4,
        u1 = d9 - d5,
        u2 = d10 - d6,
        u3 = d11 - d7;
      const w0 = d4 - d12,
        w1 = d5 - d13,
        w2 = d6 - d14,
        w3 = d7 - d15;
      // ... B: the same combinations along each row.
      memory[p0 + o] = r0 - r2;
      memory[p1 + o] = r1 + r2;
      memory[p2 + o] = r2 - r1;
      memory[p3 + o] = r1 - r3;
      memory[p4 + o] = s0 - s2;
      memory[p5 + o] = s1 + s2;
      memory[p6 + o] = s2 - s1;
      memory[p7 + o] = s1 - s3;
      memory[p8 + o] = u0 - u2;
      memory[p9 + o] = u1 + u2;
      memory[p10 + o] = u2 - u1;
      memory[p11 + o] = u1 - u3;
      memory[p12 + o] = w0 - w2;
      memory[p13 + o] = w1 + w2;
      memory[p14 + o] = w2 - w1;
      memory[p15 + o] = w1 - w3;
    }
  }
}

/** The addresses of the 16 values of input tile `t` (in `at`, as float indices): `zeros` outside the image. */
function tileReads(grid: TileGrid, input: number, zeros: number, t: number, at: number[]): void {
  const { height, width, channels: c } = grid;
  const tilesPerImage = grid.tileRows * grid.tileCols;
  const n = Math.floor(t / tilesPerImage);
  const rest = t - n * tilesPerImage;
  const row0 = 2 * Math.floor(rest / grid.tileCols) - grid.padTop;
  const col0 = 2 * (rest % grid.tileCols) - grid.padLeft;
  for (let i = 0; i < 4; i++) {
    const row = row0 + i;
    const line = input + (n * height + row) * width * c;
    for (let j = 0; j < 4; j++) {
      const col = col0 + j;
      at[4 * i + j] = row < 0 || row >= height || col < 0 || col >= width ? zeros : line + col * c;
    }
  }
}

/** transformInput's SIMD version: the tiles' addresses go to the table, then one call maps them all. */
function inputBySimd(
  memory: Float32Array,
  input: number,
  zeros: number,
  parts: number[],
  grid: TileGrid,
  from: number,
  to: number,
  simd: Vectors,
): void {
  const table = new Int32Array(memory.buffer, 4 * simd.table, 16 * (to - from));
  const at = new Array<number>(16).fill(0);
  for (let t = from; t < to; t++) {
    tileReads(grid, input, zeros, t, at);
    for (let k = 0, row = 16 * (t - from); k < 16; k++) table[row + k] = 4 * at[k]!;
  }
  const c = grid.channels;
  simd.maps.input(...NONE, ...parts.map((part) => 4 * (part + from * c)), 4 * c, to - from, 4 * simd.table);
}

/**
 * U = G g G^T for the 3x3 filter g of every (input, output) channel pair of an HWIO filter at
 * `filter` ([3, 3, inC, outC]); component k goes to `parts[k] + ci * outC + co`, or with
 * `transposed` to `parts[k] + co * inC + ci`. `rotated` takes the filter turned by 180 degrees
 * (the input gradient's) without copying it first. Covers input channels [from, to).
 */
export function transformFilter(
  memory: Float32Array,
  filter: number,
  inC: number,
  outC: number,
  rotated: boolean,
  transposed: boolean,
  parts: number[],
  from: number,
  to: number,
  simd: Vectors | null = null,
): void {
  const plane = inC * outC;
  const taps = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => filter + (rotated ? 8 - k : k) * plane);
  if (!transposed) {
    const start = from * outC;
    // The filters of the range are one contiguous run of each tap.
    if (simd !== null && ((to - from) * outC) % 4 === 0) {
      simd.maps.filter(
        ...taps.map((tap) => 4 * (tap + start)),
        ...parts.map((part) => 4 * (part + start)),
        4 * (to - from) * outC,
        1,
        0,
      );
    } else {
      filterRun(memory, taps, parts, start, 1, start, 1, (to - from) * outC);
    }
    return;
  }
  // Blocks of input channels, walked along the output's rows: contiguous writes, and strided
  // reads that stay in cache from one output channel to the next.
  for (let c0 = from; c0 < to; c0 += TRANSPOSE_BLOCK) {
    const count = Math.min(to, c0 + TRANSPOSE_BLOCK) - c0;
    for (let co = 0; co < outC; co++) filterRun(memory, taps, parts, c0 * outC + co, outC, co * inC + c0, 1, count);
  }
}

const TRANSPOSE_BLOCK = 64;

/** `count` filters read from `taps[i] + src + n * srcStep`, transformed into `parts[k] + dst + n * dstStep`. */
function filterRun(
  memory: Float32Array,
  taps: number[],
  parts: number[],
  src: number,
  srcStep: number,
  dst: number,
  dstStep: number,
  count: number,
): void {
  const [g0, g1, g2, g3, g4, g5, g6, g7, g8] = taps as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let n = 0, i = src, o = dst; n < count; n++, i += srcStep, o += dstStep) {
    const w0 = memory[g0 + i]!,
      w1 = memory[g1 + i]!,
      w2 = memory[g2 + i]!;
    const w3 = memory[g3 + i]!,
      w4 = memory[g4 + i]!,
      w5 = memory[g5 + i]!;
    const w6 = memory[g6 + i]!,
      w7 = memory[g7 + i]!,
      w8 = memory[g8 + i]!;
    // G g: rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2 of each filter column.
    const e0 = 0.5 * (w0 + w6),
      e1 = 0.5 * (w1 + w7),
      e2 = 0.5 * (w2 + w8);
    const h0 = e0 + 0.5 * w3,
      h1 = e1 + 0.5 * w4,
      h2 = e2 + 0.5 * w5;
    const k0 = e0 - 0.5 * w3,
      k1 = e1 - 0.5 * w4,
      k2 = e2 - 0.5 * w5;
    // ... G^T: the same along each row.
    const f0 = 0.5 * (w0 + w2),
      fh = 0.5 * (h0 + h2),
      fk = 0.5 * (k0 + k2),
      f6 = 0.5 * (w6 + w8);
    memory[p0 + o] = w0;
    memory[p1 + o] = f0 + 0.5 * w1;
    memory[p2 + o] = f0 - 0.5 * w1;
    memory[p3 + o] = w2;
    memory[p4 + o] = h0;
    memory[p5 + o] = fh + 0.5 * h1;
    memory[p6 + o] = fh - 0.5 * h1;
    memory[p7 + o] = h2;
    memory[p8 + o] = k0;
    memory[p9 + o] = fk + 0.5 * k1;
    memory[p10 + o] = fk - 0.5 * k1;
    memory[p11 + o] = k2;
    memory[p12 + o] = w6;
    memory[p13 + o] = f6 + 0.5 * w7;
    memory[p14 + o] = f6 - 0.5 * w7;
    memory[p15 + o] = w8;
  }
}

/**
 * Y = A^T m A: the 2x2 outputs of every tile from its 16 products (`parts[k] + t * channels + c`,
 * or with `transposed` `parts[k] + c * tiles + t`), written to an NHWC output of `grid.height` x
 * `grid.width` (a tile's second row or column is dropped where it would fall outside; the SIMD
 * version writes it to `spill`, `channels` floats).
 */
export function transformOutput(
  memory: Float32Array,
  parts: number[],
  output: number,
  grid: TileGrid,
  transposed: boolean,
  from: number,
  to: number,
  simd: Vectors | null = null,
  spill = -1,
): void {
  const c = grid.channels;
  if (simd !== null && !transposed && spill >= 0 && c % 4 === 0)
    return outputBySimd(memory, parts, output, grid, from, to, simd, spill);
  const [tileStep, channelStep] = transposed ? [1, grid.batch * grid.tileRows * grid.tileCols] : [c, 1];
  const y = [0, 0, 0, 0];
  const [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let t = from; t < to; t++) {
    tileCorners(grid, output, -1, t, y);
    const [y00, y01, y10, y11] = y as [number, number, number, number];
    for (let ch = 0, o = t * tileStep; ch < c; ch++, o += channelStep) {
      const m0 = memory[p0 + o]!,
        m1 = memory[p1 + o]!,
        m2 = memory[p2 + o]!,
        m3 = memory[p3 + o]!;
      const m4 = memory[p4 + o]!,
        m5 = memory[p5 + o]!,
        m6 = memory[p6 + o]!,
        m7 = memory[p7 + o]!;
      const m8 = memory[p8 + o]!,
        m9 = memory[p9 + o]!,
        m10 = memory[p10 + o]!,
        m11 = memory[p11 + o]!;
      const m12 = memory[p12 + o]!,
        m13 = memory[p13 + o]!,
        m14 = memory[p14 + o]!,
        m15 = memory[p15 + o]!;
      // A^T m: rows m0 + m1 + m2 and m1 - m2 - m3 of each column; then the same along the rows.
      const a0 = m0 + m4 + m8,
        a1 = m1 + m5 + m9,
        a2 = m2 + m6 + m10,
        a3 = m3 + m7 + m11;
      const b0 = m4 - m8 - m12,
        b1 = m5 - m9 - m13,
        b2 = m6 - m10 - m14,
        b3 = m7 - m11 - m15;
      memory[y00 + ch] = a0 + a1 + a2;
      if (y01 >= 0) memory[y01 + ch] = a1 - a2 - a3;
      if (y10 >= 0) memory[y10 + ch] = b0 + b1 + b2;
      if (y11 >= 0) memory[y11 + ch] = b1 - b2 - b3;
    }
  }
}

/**
 * The addresses of the 2x2 corner values of tile `t` in an NHWC tensor at `base` shaped like
 * `grid` (in `corners`, as float indices); `outside` for those past its bottom or right edge.
 */
function tileCorners(grid: TileGrid, base: number, outside: number, t: number, corners: number[]): void {
  const { height, width, channels: c } = grid;
  const tilesPerImage = grid.tileRows * grid.tileCols;
  const n = Math.floor(t / tilesPerImage);
  const rest = t - n * tilesPerImage;
  const row = 2 * Math.floor(rest / grid.tileCols);
  const col = 2 * (rest % grid.tileCols);
  const first = base + ((n * height + row) * width + col) * c;
  const right = col + 1 < width;
  const below = row + 1 < height;
  corners[0] = first;
  corners[1] = right ? first + c : outside;
  corners[2] = below ? first + width * c : outside;
  corners[3] = right && below ? first + (width + 1) * c : outside;
}

/** transformOutput's SIMD version: the tiles' four output addresses go to the table, then one call. */
function outputBySimd(
  memory: Float32Array,
  parts: number[],
  output: number,
  grid: TileGrid,
  from: number,
  to: number,
  simd: Vectors,
  spill: number,
): void {
  const table = new Int32Array(memory.buffer, 4 * simd.table, 4 * (to - from));
  const y = [0, 0, 0, 0];
  for (let t = from; t < to; t++) {
    tileCorners(grid, output, spill, t, y);
    for (let k = 0, row = 4 * (t - from); k < 4; k++) table[row + k] = 4 * y[k]!;
  }
  const c = grid.channels;
  simd.maps.output(...parts.map((part) => 4 * (part + from * c)), 0, 0, 0, 0, 4 * c, to - from, 4 * simd.table);
}

/**
 * A y A^T, the gradient of the output transform: every 2x2 tile y of an NHWC output gradient at
 * `dy` (grid: the output's height and width) spread to its 16 components, `parts[k] + t * channels
 * + c`. Positions past the output's edge read from `zeros`.
 */
export function transformOutputGradient(
  memory: Float32Array,
  dy: number,
  zeros: number,
  parts: number[],
  grid: TileGrid,
  from: number,
  to: number,
  simd: Vectors | null = null,
): void {
  const c = grid.channels;
  if (simd !== null && c % 4 === 0) return outputGradientBySimd(memory, dy, zeros, parts, grid, from, to, simd);
  const a = [0, 0, 0, 0];
  const [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let t = from; t < to; t++) {
    tileCorners(grid, dy, zeros, t, a);
    const [a0, a1, a2, a3] = a as [number, number, number, number];
    for (let ch = 0, o = t * c; ch < c; ch++, o++) {
      const y0 = memory[a0 + ch]!,
        y1 = memory[a1 + ch]!,
        y2 = memory[a2 + ch]!,
        y3 = memory[a3 + ch]!;
      // A y: rows y0, y0 + y1, y0 - y1, -y1 of each column (A^T's columns); then the same along rows.
      const s0 = y0 + y2,
        s1 = y1 + y3,
        d0 = y0 - y2,
        d1 = y1 - y3;
      memory[p0 + o] = y0;
      memory[p1 + o] = y0 + y1;
      memory[p2 + o] = y0 - y1;
      memory[p3 + o] = -y1;
      memory[p4 + o] = s0;
      memory[p5 + o] = s0 + s1;
      memory[p6 + o] = s0 - s1;
      memory[p7 + o] = -s1;
      memory[p8 + o] = d0;
      memory[p9 + o] = d0 + d1;
      memory[p10 + o] = d0 - d1;
      memory[p11 + o] = -d1;
      memory[p12 + o] = -y2;
      memory[p13 + o] = -y2 - y3;
      memory[p14 + o] = y3 - y2;
      memory[p15 + o] = y3;
    }
  }
}

/** transformOutputGradient's SIMD version: the tiles' four input addresses go to the table, then one call. */
function outputGradientBySimd(
  memory: Float32Array,
  dy: number,
  zeros: number,
  parts: number[],
  grid: TileGrid,
  from: number,
  to: number,
  simd: Vectors,
): void {
  const table = new Int32Array(memory.buffer, 4 * simd.table, 4 * (to - from));
  const a = [0, 0, 0, 0];
  for (let t = from; t < to; t++) {
    tileCorners(grid, dy, zeros, t, a);
    for (let k = 0, row = 4 * (t - from); k < 4; k++) table[row + k] = 4 * a[k]!;
  }
  const c = grid.channels;
  simd.maps.outputGradient(0, 0, 0, 0, ...parts.map((part) => 4 * (part + from * c)), 4 * c, to - from, 4 * simd.table);
}

/**
 * G^T m G, the gradient of the filter transform: the 16 components of every (input, output)
 * channel pair (`parts[k] + ci * outC + co`) folded back to the HWIO filter gradient at `filter`
 * ([3, 3, inC, outC]). Covers input channels [from, to).
 */
export function transformFilterGradient(
  memory: Float32Array,
  parts: number[],
  filter: number,
  inC: number,
  outC: number,
  from: number,
  to: number,
  simd: Vectors | null = null,
): void {
  const plane = inC * outC;
  if (simd !== null && ((to - from) * outC) % 4 === 0) {
    const start = from * outC;
    const taps = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => 4 * (filter + k * plane + start));
    simd.maps.filterGradient(...parts.map((part) => 4 * (part + start)), ...taps, 4 * (to - from) * outC, 1, 0);
    return;
  }
  const [g0, g1, g2, g3, g4, g5, g6, g7, g8] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => filter + k * plane) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let o = from * outC, end = to * outC; o < end; o++) {
    const m0 = memory[p0 + o]!,
      m1 = memory[p1 + o]!,
      m2 = memory[p2 + o]!,
      m3 = memory[p3 + o]!;
    const m4 = memory[p4 + o]!,
      m5 = memory[p5 + o]!,
      m6 = memory[p6 + o]!,
      m7 = memory[p7 + o]!;
    const m8 = memory[p8 + o]!,
      m9 = memory[p9 + o]!,
      m10 = memory[p10 + o]!,
      m11 = memory[p11 + o]!;
    const m12 = memory[p12 + o]!,
      m13 = memory[p13 + o]!,
      m14 = memory[p14 + o]!,
      m15 = memory[p15 + o]!;
    // G^T m: rows m0 + (m1 + m2) / 2, (m1 - m2) / 2, (m1 + m2) / 2 + m3 of each column.
    const h0 = 0.5 * (m4 + m8),
      h1 = 0.5 * (m5 + m9),
      h2 = 0.5 * (m6 + m10),
      h3 = 0.5 * (m7 + m11);
    const r0 = m0 + h0,
      r1 = m1 + h1,
      r2 = m2 + h2,
      r3 = m3 + h3;
    const s0 = 0.5 * (m4 - m8),
      s1 = 0.5 * (m5 - m9),
      s2 = 0.5 * (m6 - m10),
      s3 = 0.5 * (m7 - m11);
    const u0 = h0 + m12,
      u1 = h1 + m13,
      u2 = h2 + m14,
      u3 = h3 + m15;
    // ... G: the same along each row.
    const hr = 0.5 * (r1 + r2),
      hs = 0.5 * (s1 + s2),
      hu = 0.5 * (u1 + u2);
    memory[g0 + o] = r0 + hr;
    memory[g1 + o] = 0.5 * (r1 - r2);
    memory[g2 + o] = hr + r3;
    memory[g3 + o] = s0 + hs;
    memory[g4 + o] = 0.5 * (s1 - s2);
    memory[g5 + o] = hs + s3;
    memory[g6 + o] = u0 + hu;
    memory[g7 + o] = 0.5 * (u1 - u2);
    memory[g8 + o] = hu + u3;
  }
}
