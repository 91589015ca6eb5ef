/**
 * A pickle reader for PyTorch state dicts that never executes anything: it interprets the opcodes
 * of protocols 0-4 that `torch.save` emits for a state dict, and the only callables it knows are
 * the few globals a state dict needs, each replaced by a data constructor written here. Any other
 * global (the way a malicious pickle runs code) is an error naming it.
 */

/** A tensor as the pickle describes it: its storage (by persistent id), offset, size and stride. */
export interface PickledTensor {
  kind: "tensor";
  storage: PickledStorage;
  offset: number;
  shape: number[];
  stride: number[];
}

/** A storage reference: `('storage', torch.FloatStorage, key, location, numel[, view])`. */
export interface PickledStorage {
  kind: "storage";
  dtype: string;
  key: string;
  numel: number;
}

export class PickleError extends Error {}

/** `torch.FloatStorage` -> the element type of its values. */
export const STORAGE_TYPES: Readonly<Record<string, string>> = {
  FloatStorage: "float32",
  DoubleStorage: "float64",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  LongStorage: "int64",
  IntStorage: "int32",
  ShortStorage: "int16",
  CharStorage: "int8",
  ByteStorage: "uint8",
  BoolStorage: "bool",
};

type Value = unknown;
interface Global {
  kind: "global";
  name: string;
}
class OrderedDict extends Map<Value, Value> {}
const MARK = Symbol("mark");

/** The globals a state dict may name, as data constructors (`REDUCE` calls them with their argument tuple). */
const CALLABLES: Record<string, (args: Value[]) => Value> = {
  "collections.OrderedDict": () => new OrderedDict(),
  "torch._utils._rebuild_tensor_v2": (args) => tensor(args),
  "torch._utils._rebuild_tensor": (args) => tensor(args),
  "torch._utils._rebuild_parameter": (args) => args[0],
};

function tensor(args: Value[]): PickledTensor {
  const [storage, offset, shape, stride] = args as [PickledStorage, number, number[], number[]];
  if ((storage as { kind?: string })?.kind !== "storage") throw new PickleError("a tensor whose storage is not a storage reference");
  return { kind: "tensor", storage, offset: Number(offset), shape: [...shape].map(Number), stride: [...stride].map(Number) };
}

function persistent(pid: Value): PickledStorage {
  const t = pid as Value[];
  if (!Array.isArray(t) || t[0] !== "storage") throw new PickleError(`an unknown persistent id ${JSON.stringify(String(t?.[0]))}`);
  const type = t[1] as Global;
  const dtype = type?.kind === "global" ? STORAGE_TYPES[type.name.replace(/^torch\./, "")] : undefined;
  if (!dtype || !type.name.startsWith("torch.")) throw new PickleError(`the storage type '${type?.name}' is not one thtl reads`);
  return { kind: "storage", dtype, key: String(t[2]), numel: Number(t[4]) };
}

function lookupGlobal(module: string, name: string): Global {
  const full = `${module}.${name}`;
  const storage = module === "torch" && Object.hasOwn(STORAGE_TYPES, name);
  if (!storage && !Object.hasOwn(CALLABLES, full)) {
    throw new PickleError(`it names the Python global '${full}', which a state dict does not use; thtl does not run code from weight files`);
  }
  return { kind: "global", name: full };
}

/** Reads one pickle from `bytes` at `start`; returns its value and where it ended. */
export function unpickle(bytes: Uint8Array, start = 0): { value: Value; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  const stack: Value[] = [];
  const memo = new Map<number, Value>();
  let pos = start;
  const need = (n: number) => {
    if (pos + n > bytes.length) throw new PickleError("the pickle ends early (the file is truncated)");
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = () => bytes[need(1)]!;
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const i32 = () => view.getInt32(need(4), true);
  const raw = (n: number) => bytes.subarray(need(n), pos);
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new PickleError("the pickle ends early (the file is truncated)");
    const text = decoder.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const pop = () => {
    if (stack.length === 0) throw new PickleError("the pickle pops an empty stack");
    return stack.pop();
  };
  const popMark = () => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw new PickleError("the pickle has no mark where it needs one");
    const items = stack.splice(at);
    return items.slice(1);
  };
  const top = () => stack[stack.length - 1];
  const setItems = (target: Value, items: Value[]) => {
    if (!(target instanceof Map)) throw new PickleError("the pickle sets items on something that is not a dict");
    for (let i = 0; i + 1 < items.length; i += 2) target.set(items[i], items[i + 1]);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 4) throw new PickleError("the pickle protocol is newer than 4");
        break;
      case 0x95: // FRAME
        need(8);
        break;
      case 0x2e: // STOP
        return { value: pop(), end: pos };
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(lookupGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop() as string;
        stack.push(lookupGlobal(pop() as string, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop() as Value[];
        const callee = pop() as Global;
        if (callee?.kind !== "global" || !CALLABLES[callee.name]) throw new PickleError(`it calls '${callee?.kind === "global" ? callee.name : "a non-global"}', which thtl does not run`);
        stack.push(CALLABLES[callee.name]!(args));
        break;
      }
      case 0x62: {
        // BUILD: an OrderedDict's state (`_metadata`) is not part of the weights.
        pop();
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistent(pop()));
        break;
      case 0x50: // PERSID
        stack.push(persistent(line()));
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
      case 0x67: {
        // GET
        const key = op === 0x68 ? u8() : op === 0x6a ? u32() : Number(line());
        if (!memo.has(key)) throw new PickleError(`the pickle reads memo ${key} before writing it`);
        stack.push(memo.get(key));
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const item = pop();
        (top() as Value[]).push(item);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        (top() as Value[]).push(...items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const map = new Map();
        setItems(map, popMark());
        stack.push(map);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x49: {
        // INT (protocol 0; also True/False as 01/00)
        const text = line();
        stack.push(text === "01" ? true : text === "00" ? false : Number(text));
        break;
      }
      case 0x4c: // LONG (protocol 0)
        stack.push(Number(BigInt(line().replace(/L$/, ""))));
        break;
      case 0x8a: // LONG1
        stack.push(longBytes(raw(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(longBytes(raw(u32())));
        break;
      case 0x47: // BINFLOAT
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x46: // FLOAT
        stack.push(Number(line()));
        break;
      case 0x58: // BINUNICODE
        stack.push(decoder.decode(raw(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(decoder.decode(raw(u8())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1(raw(u8())));
        break;
      case 0x54: // BINSTRING
        stack.push(latin1(raw(u32())));
        break;
      case 0x56: // UNICODE (protocol 0)
        stack.push(line());
        break;
      case 0x53: // STRING (protocol 0): a quoted repr
        stack.push(line().slice(1, -1));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(raw(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(raw(u32()).slice());
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      default:
        throw new PickleError(`it uses the pickle opcode 0x${op.toString(16).padStart(2, "0")} at byte ${pos - 1}, which a state dict does not use`);
    }
  }
}

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** A little-endian two's-complement integer (LONG1/LONG4): a number where exact, else a bigint. */
function longBytes(b: Uint8Array): number | bigint {
  let value = 0n;
  for (let i = b.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(b[i]!);
  if (b.length > 0 && b[b.length - 1]! & 0x80) value -= 1n << BigInt(8 * b.length);
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

/** The entries of an unpickled dict (OrderedDict or plain), in order. */
export function dictEntries(value: Value): [Value, Value][] | null {
  return value instanceof Map ? [...value.entries()] : null;
}
