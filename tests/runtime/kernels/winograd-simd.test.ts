import { describe, expect, it } from "vitest";
import { winogradSimd } from "../../../src/runtime/kernels/winograd/winograd-simd.js";
import {
  transformFilter,
  transformFilterGradient,
  transformInput,
  transformOutput,
  transformOutputGradient,
  type TileGrid,
} from "../../../src/runtime/kernels/winograd/winograd-transforms.js";

type MemoryLike = { buffer: ArrayBuffer | SharedArrayBuffer };
const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (descriptor: object) => MemoryLike } }).WebAssembly;

/** Float offsets of the regions a test uses in a 64-page memory. */
const REGION = 1 << 16;
const at = (region: number, k = 0) => region * REGION + k * 2048;

function randomMemory(shared: boolean): { memory: MemoryLike; view: Float32Array } {
  const memory = new wasm.Memory(shared ? { initial: 64, maximum: 64, shared: true } : { initial: 64 });
  const view = new Float32Array(memory.buffer);
  let seed = 1;
  for (let i = 0; i < view.length; i++) view[i] = ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return { memory, view };
}

function maxDifference(view: Float32Array, a: number, b: number, length: number): number {
  let worst = 0;
  for (let i = 0; i < length; i++) worst = Math.max(worst, Math.abs(view[a + i]! - view[b + i]!));
  return worst;
}

const parts = (region: number) => Array.from({ length: 16 }, (_, k) => at(region, k));

/** The largest difference between the 16 parts of regions 1 and 2, `length` floats each. */
function partsDifference(view: Float32Array, length: number): number {
  return Math.max(...parts(1).map((part, k) => maxDifference(view, part, parts(2)[k]!, length)));
}

describe.each([false, true])(
  "the SIMD maps on a memory (shared: %s) agree with the JavaScript transforms",
  (shared) => {
    const grid: TileGrid = {
      batch: 2,
      height: 5,
      width: 6,
      channels: 8,
      padTop: 1,
      padLeft: 1,
      tileRows: 3,
      tileCols: 3,
    };
    const tiles = 18;
    const setup = () => {
      const { memory, view } = randomMemory(shared);
      const maps = winogradSimd({ wasm: shared ? { wasmMemory: memory } : { asm: { memory } } });
      expect(maps).not.toBeNull();
      // Region 0: inputs; 1 and 2: the two results; 3: zeros and spill; 4: the SIMD table.
      view.fill(0, at(3), at(3) + 64);
      return { view, simd: { maps: maps!, table: at(4) } };
    };

    it("input and output-gradient tiles", () => {
      const { view, simd } = setup();
      transformInput(view, at(0), at(3), parts(1), grid, false, 0, tiles);
      transformInput(view, at(0), at(3), parts(2), grid, false, 0, tiles, simd);
      expect(partsDifference(view, tiles * 8)).toBeLessThan(1e-6);
      transformOutputGradient(view, at(0), at(3), parts(1), grid, 2, tiles);
      transformOutputGradient(view, at(0), at(3), parts(2), grid, 2, tiles, simd);
      expect(partsDifference(view, tiles * 8)).toBeLessThan(1e-6);
    });

    it("output tiles, spilling what falls past the edge", () => {
      const { view, simd } = setup();
      view.fill(0, at(1), at(3));
      transformOutput(view, parts(0), at(1), grid, false, 0, tiles);
      transformOutput(view, parts(0), at(2), grid, false, 0, tiles, simd, at(3) + 32);
      expect(maxDifference(view, at(1), at(2), REGION)).toBeLessThan(1e-6);
    });

    it("filters (turned, as the input gradient's) and filter gradients", () => {
      const { view, simd } = setup();
      transformFilter(view, at(0), 8, 12, true, false, parts(1), 0, 8);
      transformFilter(view, at(0), 8, 12, true, false, parts(2), 0, 8, simd);
      expect(partsDifference(view, 96)).toBeLessThan(1e-6);
      transformFilterGradient(view, parts(0), at(1), 8, 12, 0, 8);
      transformFilterGradient(view, parts(0), at(2), 8, 12, 0, 8, simd);
      expect(maxDifference(view, at(1), at(2), 9 * 96)).toBeLessThan(1e-6);
    });

    it("transposes a matrix", () => {
      const { view, simd } = setup();
      simd.maps.transpose(4 * at(0), 4 * at(1), 8, 12);
      let worst = 0;
      for (let r = 0; r < 8; r++)
        for (let c = 0; c < 12; c++)
          worst = Math.max(worst, Math.abs(view[at(1) + c * 8 + r]! - view[at(0) + r * 12 + c]!));
      expect(worst).toBe(0);
    });
  },
);
