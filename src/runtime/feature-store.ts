import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A split's frozen-prefix features on disk, one fixed-size float32 record per sample at its split
 * position, so that memory holds only the batch being gathered however large the split is (the
 * features of a 224x224 split can exceed the machine's memory). Records are read back with one
 * positioned read each, from the page cache after the first epoch: bytes go out and come back
 * unchanged, so training on them equals training on in-memory features.
 *
 * The file lives in a private folder under `parent` (the data cache folder, so that it is not a
 * RAM-backed /tmp) and is removed by `dispose`.
 */
export class FeatureStore {
  private readonly dir: string;
  private readonly fd: number;
  private readonly recordBytes: number;

  constructor(parent: string | null, readonly size: number) {
    const base = parent ? join(parent, "features") : tmpdir();
    mkdirSync(base, { recursive: true });
    this.dir = mkdtempSync(join(base, "prefix-"));
    this.fd = openSync(join(this.dir, "features.f32"), "w+");
    this.recordBytes = size * Float32Array.BYTES_PER_ELEMENT;
  }

  /** Stores `count` consecutive records from `values`, the i-th at split position `positions[i]`. */
  write(positions: ArrayLike<number>, values: Float32Array): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let i = 0; i < positions.length; i++) {
      writeSync(this.fd, bytes, i * this.recordBytes, this.recordBytes, positions[i]! * this.recordBytes);
    }
  }

  /** The records at `positions`, in that order, as one array. */
  gather(positions: ArrayLike<number>): Float32Array {
    const out = new Float32Array(positions.length * this.size);
    const bytes = new Uint8Array(out.buffer);
    for (let i = 0; i < positions.length; i++) {
      const read = readSync(this.fd, bytes, i * this.recordBytes, this.recordBytes, positions[i]! * this.recordBytes);
      if (read !== this.recordBytes) throw new Error(`the cached features of sample ${positions[i]} are missing from ${this.dir}`);
    }
    return out;
  }

  dispose(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
