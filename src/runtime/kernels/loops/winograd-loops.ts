import { transformInput, transformOutput, type TileGrid } from "../winograd/winograd-transforms.js";
import { winogradSimdOn } from "../winograd/winograd-simd.js";
import type { HeapLoop } from "./heap-loop-type.js";
import { loopMemory } from "./loop-memory.js";

// Winograd's input and output transforms over a part of a pass's tiles, so that both threads
// share them. Units are the pass's tiles; a part writes its own tiles' rows of the address table.

const GRID_FIELDS = ["batch", "height", "width", "channels", "padTop", "padLeft", "tileRows", "tileCols"] as const;

/** The grid as loop args, in the order the loops read it. */
export function gridArgs(grid: TileGrid): number[] {
  return GRID_FIELDS.map((field) => grid[field]);
}

function gridAt(args: Float64Array, at: number): TileGrid {
  return Object.fromEntries(GRID_FIELDS.map((field, i) => [field, args[at + i]!])) as unknown as TileGrid;
}

/** 4 + 8 grid fields, then the 16 parts. */
const partsOf = (args: Float64Array) => Array.from(args.subarray(12, 28));

/**
 * `transformInput` (untransposed, SIMD) over tiles [first + from, first + to). args: first, table
 * (the pass's address table, a float index), input, zeros, the grid, the 16 parts.
 */
const winogradInputTiles: HeapLoop = (heap, args, _scratch, from, to) => {
  const [first, table, input, zeros] = args as unknown as [number, number, number, number];
  const simd = { maps: winogradSimdOn(loopMemory())!, table: table + 16 * from };
  transformInput(heap, input, zeros, partsOf(args), gridAt(args, 4), false, first + from, first + to, simd);
};

/**
 * `transformOutput` over tiles [first + from, first + to). args: first, table, output, spill, the
 * output's grid, the 16 parts, transposed (1 or 0).
 */
const winogradOutputTiles: HeapLoop = (heap, args, _scratch, from, to) => {
  const [first, table, output, spill] = args as unknown as [number, number, number, number];
  const simd = { maps: winogradSimdOn(loopMemory())!, table: table + 4 * from };
  const transposed = args[28] === 1;
  transformOutput(heap, partsOf(args), output, gridAt(args, 4), transposed, first + from, first + to, simd, spill);
};

export const winogradLoops = { winogradInputTiles, winogradOutputTiles };
