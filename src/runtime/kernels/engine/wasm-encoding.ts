/**
 * The few pieces of the WebAssembly binary format (https://webassembly.github.io/spec/core/binary/)
 * that thtl's SIMD modules (winograd-simd.ts, range-gradient-simd.ts) are assembled from: LEB128
 * numbers, vectors, sections, SIMD opcodes and constants, and the module around their functions.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

export function sleb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const name = (text: string): number[] => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const simd = (op: number): number[] => [0xfd, ...uleb(op)];

export function f32x4Const(value: number): number[] {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  bytes.copyWithin(4, 0, 4);
  bytes.copyWithin(8, 0, 8);
  return [...simd(0x0c), ...bytes];
}

/** i8x16.shuffle of two vectors by float lanes: 0 to 3 pick from the first, 4 to 7 from the second. */
export function shuffle(lanes: number[]): number[] {
  return [...simd(0x0d), ...lanes.flatMap((lane) => [0, 1, 2, 3].map((b) => 4 * lane + b))];
}

export const localGet = (local: number): number[] => [0x20, ...uleb(local)];
export const localSet = (local: number): number[] => [0x21, ...uleb(local)];
/** local += amount (i32) */
export const localAdd = (local: number, amount: number[]): number[] => [
  ...localGet(local),
  ...amount,
  0x6a,
  ...localSet(local),
];
/** v128.load and v128.store at an address the code leaves on the stack (16-byte alignment hint). */
export const v128Load = (address: number[]): number[] => [...address, ...simd(0x00), 4, 0];
export const v128Store = (address: number[], value: number[]): number[] => [...address, ...value, ...simd(0x0b), 4, 0];

/** while (counter < limit, unsigned) { body } */
export function whileBelow(counter: number, limit: number, body: number[]): number[] {
  return [
    0x02,
    0x40,
    0x03,
    0x40,
    ...localGet(counter),
    ...localGet(limit),
    0x4f,
    0x0d,
    1,
    ...body,
    0x0c,
    0,
    0x0b,
    0x0b,
  ];
}

/** A function's body: its locals ([count, type] runs), then `code` and the closing `end`, prefixed with its size. */
export function functionBody(locals: [count: number, type: number][], code: number[]): number[] {
  const fn = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...code, 0x0b];
  return [...uleb(fn.length), ...fn];
}

/** A function of a module: its export name, parameter types, and body (locals and code, sized). */
export interface ModuleFunction {
  key: string;
  params: number[];
  body: number[];
}

/**
 * A module of `functions` (no results) that imports the backend's memory as `env.memory`: shared
 * (as tfjs's threaded build has it, up to 4 GB) or not.
 */
export function assembleModule(functions: ModuleFunction[], shared: boolean): Uint8Array {
  const types = vec(functions.map(({ params }) => [0x60, ...vec(params.map((type) => [type])), ...vec([])]));
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = vec([[...name("env"), ...name("memory"), 0x02, ...limits]]);
  const indices = vec(functions.map((_, index) => uleb(index)));
  const exports = vec(functions.map(({ key }, index) => [...name(key), 0x00, ...uleb(index)]));
  const code = vec(functions.map((f) => f.body));
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return new Uint8Array([
    ...header,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, indices),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
