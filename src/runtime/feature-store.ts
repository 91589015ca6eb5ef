import {
  closeSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * A split's frozen-prefix features on disk, one fixed-size float32 record per sample at its split
 * position, so that memory holds only the batch being gathered however large the split is (the
 * features of a 224x224 split can exceed the machine's memory). Records are read back with one
 * positioned read each, from the page cache after the first epoch: bytes go out and come back
 * unchanged, so training on them equals training on in-memory features.
 *
 * A keyed store (`FeatureStore.keyed`) is kept after the stage under a name derived from the
 * prefix's weights and the split's contents, and reused by any later stage or run that asks for
 * the same key (its modification time marks its last use, see `pruneFeatures`); a temporary one
 * (`FeatureStore.temporary`) is removed by `dispose`.
 */
export class FeatureStore {
  private readonly recordBytes: number;

  private constructor(
    private readonly fd: number,
    readonly size: number,
    /** Where a keyed store lives once committed; null for a temporary one. */
    readonly file: string | null,
    /** True when the records were already on disk: nothing needs writing. */
    readonly complete: boolean,
    private readonly finish: { commit: () => void; dispose: () => void },
  ) {
    this.recordBytes = size * Float32Array.BYTES_PER_ELEMENT;
  }

  /** A store in a private folder under `parent` (the OS temp folder if null), removed by `dispose`. */
  static temporary(parent: string | null, size: number): FeatureStore {
    const base = parent ?? tmpdir();
    mkdirSync(base, { recursive: true });
    const dir = mkdtempSync(join(base, "prefix-"));
    const fd = openSync(join(dir, "features.tmp"), "w+");
    return new FeatureStore(fd, size, null, false, {
      commit: () => undefined,
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    });
  }

  /**
   * The store at `file`, complete if it holds `count` records already. Otherwise records are
   * written to a temporary file beside it, which `commit` renames into place: an interrupted stage
   * leaves no partial store that a later one could take for complete.
   */
  static keyed(file: string, size: number, count: number): FeatureStore {
    const bytes = count * size * Float32Array.BYTES_PER_ELEMENT;
    const existing = tryOpen(file);
    if (existing !== null && fstatSync(existing).size === bytes) {
      const now = new Date();
      utimesSync(file, now, now);
      return new FeatureStore(existing, size, file, true, {
        commit: () => undefined,
        dispose: () => closeSync(existing),
      });
    }
    if (existing !== null) closeSync(existing);
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}-${Date.now().toString(36)}.tmp`;
    const fd = openSync(partial, "w+");
    let committed = false;
    const commit = () => {
      renameSync(partial, file);
      committed = true;
    };
    const dispose = () => {
      closeSync(fd);
      if (!committed) rmSync(partial, { force: true });
    };
    return new FeatureStore(fd, size, file, false, { commit, dispose });
  }

  /** Stores `count` consecutive records from `values`, the i-th at split position `positions[i]`. */
  write(positions: ArrayLike<number>, values: Float32Array): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let i = 0; i < positions.length; i++) {
      writeSync(this.fd, bytes, i * this.recordBytes, this.recordBytes, positions[i]! * this.recordBytes);
    }
  }

  /** Marks every record written: a keyed store becomes visible to later stages and runs. */
  commit(): void {
    this.finish.commit();
  }

  /** The records at `positions`, in that order, as one array. */
  gather(positions: ArrayLike<number>): Float32Array {
    const out = new Float32Array(positions.length * this.size);
    const bytes = new Uint8Array(out.buffer);
    for (let i = 0; i < positions.length; i++) {
      const read = readSync(this.fd, bytes, i * this.recordBytes, this.recordBytes, positions[i]! * this.recordBytes);
      if (read !== this.recordBytes) throw new Error(`the cached features of sample ${positions[i]} are missing`);
    }
    return out;
  }

  dispose(): void {
    this.finish.dispose();
  }
}

function tryOpen(file: string): number | null {
  try {
    return openSync(file, "r");
  } catch {
    return null;
  }
}
