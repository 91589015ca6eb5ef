import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { SYNTH_CLASSES, type SynthKind } from "./kinds.js";
import { renderSynth } from "./render.js";

export interface SynthRequest {
  kind: SynthKind;
  count: number;
  seed: number;
  size: { height: number; width: number };
  /** Relative class frequencies in label order (any positive scale); balanced when absent. */
  balance?: number[];
}

/**
 * Images per class: `count` shared out by `balance` (equal by default), rounding by largest
 * remainder so that the counts always add up to `count`, ties going to the earlier class.
 */
export function classCounts(count: number, classes: number, balance?: readonly number[]): number[] {
  const weights = balance ?? Array.from({ length: classes }, () => 1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (count * w) / total);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  const missing = count - counts.reduce((sum, c) => sum + c, 0);
  for (let i = 0; i < missing; i++) counts[order[i].index]++;
  return counts;
}

/** `CLASS/CLASS-00012.png`: zero-padded so that names sort in generation order. */
export function synthFileName(className: string, index: number): string {
  return join(className, `${className}-${String(index).padStart(5, "0")}.png`);
}

/**
 * Writes an image folder (one sub-folder per class), each file atomically. Rendering is
 * synchronous, so it yields to the event loop now and then to keep a live display drawing.
 */
export async function writeSynthFolder(out: string, request: SynthRequest, onImage?: (done: number, total: number) => void): Promise<void> {
  const classes = SYNTH_CLASSES[request.kind];
  const jobs = classCounts(request.count, classes.length, request.balance).flatMap((n, label) =>
    Array.from({ length: n }, (_, index) => ({ label, index })),
  );
  for (const [done, { label, index }] of jobs.entries()) {
    writeFileAtomic(join(out, synthFileName(classes[label], index)), renderSynth(request.kind, label, request.seed, index, request.size));
    onImage?.(done + 1, jobs.length);
    if (done % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Whether `dir` is missing or empty (`thtl synth` refuses to mix its output with other files). */
export function isEmptyOrMissing(dir: string): boolean {
  const stats = statSync(dir, { throwIfNoEntry: false });
  return !stats || (stats.isDirectory() && readdirSync(dir).length === 0);
}
