import { inflateRawSync } from "node:zlib";

/** One member of a zip archive: its name and where its bytes are. */
export interface ZipEntry {
  name: string;
  read(): Uint8Array;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Whether the bytes start like a zip archive (a local file header). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The members of a zip archive held in memory, from its central directory (zip64 included).
 * `torch.save` stores members uncompressed; deflated members are inflated too.
 */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(bytes, view);
  let count = view.getUint16(end + 10, true);
  let offset: number = view.getUint32(end + 16, true);
  if (offset === 0xffffffff || count === 0xffff) {
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) throw new ZipError("its zip64 end record is missing");
    const record = Number(view.getBigUint64(locator + 8, true));
    check(record + 56 <= bytes.length, "its zip64 end record lies past the end of the file");
    count = Number(view.getBigUint64(record + 32, true));
    offset = Number(view.getBigUint64(record + 48, true));
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    check(offset + 46 <= bytes.length && view.getUint32(offset, true) === CENTRAL, "its central directory is damaged");
    const method = view.getUint16(offset + 10, true);
    let compressed: number = view.getUint32(offset + 20, true);
    let size: number = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    let local: number = view.getUint32(offset + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    // zip64: the 0xffffffff fields are in the extra field 0x0001, in this order.
    const wide = { size: size === 0xffffffff, compressed: compressed === 0xffffffff, local: local === 0xffffffff };
    for (let at = offset + 46 + nameLength; at + 4 <= offset + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(at, true);
      const length = view.getUint16(at + 2, true);
      if (id === 1) {
        let p = at + 4;
        const next = () => Number(view.getBigUint64((p += 8) - 8, true));
        if (wide.size) size = next();
        if (wide.compressed) compressed = next();
        if (wide.local) local = next();
      }
      at += 4 + length;
    }
    entries.push({ name, read: () => memberData(bytes, view, { name, method, compressed, size, local }) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndRecord(bytes: Uint8Array, view: DataView): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw new ZipError("its end-of-archive record is missing (the file is truncated or not a zip archive)");
}

function memberData(bytes: Uint8Array, view: DataView, m: { name: string; method: number; compressed: number; size: number; local: number }): Uint8Array {
  check(m.local + 30 <= bytes.length && view.getUint32(m.local, true) === LOCAL, `its member '${m.name}' has no local header`);
  const start = m.local + 30 + view.getUint16(m.local + 26, true) + view.getUint16(m.local + 28, true);
  check(start + m.compressed <= bytes.length, `its member '${m.name}' runs past the end of the file (the file is truncated)`);
  const data = bytes.subarray(start, start + m.compressed);
  if (m.method === 0) return data;
  if (m.method === 8) return inflateRawSync(data);
  throw new ZipError(`its member '${m.name}' uses zip compression method ${m.method}`);
}

function check(condition: boolean, why: string): asserts condition {
  if (!condition) throw new ZipError(why);
}
