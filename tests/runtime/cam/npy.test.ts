import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { npyBytes } from "../../../src/runtime/cam/npy.js";
import { tempDirs } from "../helpers.js";

const tempDir = tempDirs("thtl-npy-");

test("a map is written in NumPy's .npy format 1.0, header byte for byte", () => {
  const bytes = npyBytes(Float32Array.from([0, 0.5, 1, 0.25, 0.75, 1]), [2, 3]);
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  expect(header.length).toBe(59);
  // 10 bytes of preamble (magic, version 1.0, header length 118 = 0x76 little-endian) + the
  // header, padded with spaces and ended by a newline so that the data starts at byte 128.
  const expected = Buffer.concat([
    Buffer.from([0x93]),
    Buffer.from("NUMPY"),
    Buffer.from([1, 0, 0x76, 0]),
    Buffer.from(`${header}${" ".repeat(58)}\n`),
  ]);
  expect(Buffer.from(bytes.subarray(0, 128))).toEqual(expected);
  expect(bytes.length).toBe(128 + 6 * 4);
  expect(Array.from(new Float32Array(bytes.slice(128).buffer))).toEqual([0, 0.5, 1, 0.25, 0.75, 1]);
});

test("numpy.load reads it back (Debian's python3-numpy)", () => {
  const file = join(tempDir(), "map.npy");
  writeFileSync(
    file,
    npyBytes(
      Float32Array.from({ length: 12 }, (_, i) => i / 8),
      [3, 4],
    ),
  );
  const printed = execFileSync("/usr/bin/python3", [
    "-c",
    `import numpy; a = numpy.load(${JSON.stringify(file)}); print(a.dtype, a.shape, a[2, 3])`,
  ]).toString();
  expect(printed).toBe("float32 (3, 4) 1.375\n");
});
