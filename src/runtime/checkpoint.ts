import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic-write.js";
import { sha256 } from "../util/sha256.js";
import { parseState, readChecked } from "./checkpoint-integrity.js";
import type { MonitorState } from "./early-stop.js";
import type { OptimizerState } from "./optimizer.js";
import type { RunMetrics } from "./record-types.js";
import type { PartialEpoch } from "./stage.js";
import { packArrays, unpackArrays } from "./snapshot.js";
import type { NamedArray } from "../weights/types.js";

/**
 * A run's latest checkpoint, in `RUN/checkpoint/`. It is written at the end of every epoch and
 * every stage: first the binary files under new names, then `state.json` (the commit point,
 * replaced atomically) that names them, then the files no state names any more are removed. A
 * crash at any moment leaves a complete earlier or later checkpoint, never a mixed one.
 *
 * The optimizer is saved too (slots and step count), so that a resumed stage continues exactly
 * as the uninterrupted one would have.
 */
export interface CheckpointState {
  format: 1;
  runId: string;
  hop: number;
  stage: number;
  stageName: string;
  stageHash: string;
  /** Epochs of this stage completed (1-based count). */
  epoch: number;
  /** True when the stage has finished and the weights are the ones it kept. */
  stageDone: boolean;
  /** Set when Ctrl-C stopped the run inside epoch `epoch + 1`: the batches trained and the running sums. */
  partial: PartialEpoch | null;
  /** What the stage trained, as run: resume compares these with the plan and refuses on mismatch. */
  trainableGroups: string[];
  partialLayers: string[];
  bnModes: Record<string, "train" | "frozen">;
  monitor: MonitorState;
  /** Shuffles, augmentation and dropout are keyed by (seed, epoch key): that is the whole rng state. */
  rng: { seed: number; epochKey: number };
  progress: RunMetrics;
  files: {
    /** The model's weights: those the stage cannot change (written once per stage), then the rest. */
    weights: BinaryRef[];
    best: BinaryRef | null;
    optimizer: (BinaryRef & { step: number }) | null;
  };
}

interface BinaryRef {
  file: string;
  manifest: { name: string; shape: number[] }[];
  /** Of the file's bytes, checked on resume. */
  sha256: string;
}

export interface CheckpointData {
  weights: NamedArray[];
  /**
   * Weights the stage cannot change (frozen layers), under a key unique to the stage: written at
   * the stage's first checkpoint only, so a mostly frozen model costs what its trainable part costs.
   */
  unchanging?: { key: string; arrays: () => NamedArray[] };
  best: NamedArray[] | null;
  optimizer: OptimizerState | null;
}

const STATE = "state.json";

export function checkpointDir(runDir: string): string {
  return join(runDir, "checkpoint");
}

export function writeCheckpoint(runDir: string, state: Omit<CheckpointState, "files">, data: CheckpointData): void {
  const dir = checkpointDir(runDir);
  const tag = `h${state.hop}-s${state.stage}-e${state.epoch}${state.stageDone ? "-done" : ""}${state.partial ? `-b${state.partial.batches}` : ""}-${Date.now().toString(36)}`;
  const save = (kind: string, arrays: NamedArray[]): BinaryRef => {
    const { manifest, data: bytes } = packArrays(arrays);
    const file = `${kind}-${tag}.bin`;
    writeFileAtomic(join(dir, file), bytes);
    return { file, manifest, sha256: sha256(bytes) };
  };
  const unchanging = data.unchanging
    ? saveOnce(dir, `frozen-${data.unchanging.key}.bin`, data.unchanging.arrays)
    : null;
  const files: CheckpointState["files"] = {
    weights: [...(unchanging ? [unchanging] : []), save("weights", data.weights)],
    best: data.best ? save("best", data.best) : null,
    optimizer: data.optimizer ? { ...save("optimizer", data.optimizer.slots), step: data.optimizer.step } : null,
  };
  writeFileAtomic(join(dir, STATE), `${JSON.stringify({ ...state, files }, null, 1)}\n`);
  const keep = new Set([STATE, ...files.weights.map((w) => w.file), files.best?.file, files.optimizer?.file]);
  for (const name of readdirSync(dir))
    if (!keep.has(name) && !name.endsWith(".tmp")) rmSync(join(dir, name), { force: true });
}

/** The checkpoint of run `runId`, every file checked against its recorded checksum (THTL4008 if one fails). */
export function readCheckpoint(runDir: string, runId: string): { state: CheckpointState; data: CheckpointData } | null {
  const dir = checkpointDir(runDir);
  if (!existsSync(join(dir, STATE))) return null;
  const state = parseState<CheckpointState>(join(dir, STATE), runId);
  const load = (ref: BinaryRef) => unpackArrays(ref.manifest, readChecked(dir, ref, runId));
  const optimizer = state.files.optimizer;
  return {
    state,
    data: {
      weights: state.files.weights.flatMap(load),
      best: state.files.best ? load(state.files.best) : null,
      optimizer: optimizer ? { step: optimizer.step, slots: load(optimizer) } : null,
    },
  };
}

/** Writes a file of weights that never changes under its name unless it is already there. */
const written = new Map<string, Omit<BinaryRef, "file">>();
function saveOnce(dir: string, file: string, arrays: () => NamedArray[]): BinaryRef {
  const path = join(dir, file);
  let ref = written.get(path);
  if (!ref || !existsSync(path)) {
    const packed = packArrays(arrays());
    writeFileAtomic(path, packed.data);
    ref = { manifest: packed.manifest, sha256: sha256(packed.data) };
    written.set(path, ref);
  }
  return { file, ...ref };
}
