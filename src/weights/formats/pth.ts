import { readFileSync } from "node:fs";
import { RunFailure } from "../../diagnostics/run-failure.js";
import type { NamedArray } from "../types.js";
import { dictEntries, PickleError, unpickle, type PickledTensor } from "./pickle.js";
import { elementSize, tensorValues } from "./torch-tensor.js";
import { isZip, readZip, ZipError } from "./zip.js";

/** The first pickle of the legacy (non-zip) `torch.save` format. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/**
 * Reads a PyTorch state dict file (`torch.save(model.state_dict(), path)`): the zip archive of
 * PyTorch >= 1.6, or the legacy format of earlier releases. Tensors come back in the file's order
 * under the file's names, as float32; nothing in the file is executed.
 */
export function readPth(path: string): NamedArray[] {
  const bytes = readFileSync(path);
  try {
    return isZip(bytes) ? readZipPth(bytes) : readLegacyPth(bytes);
  } catch (error) {
    if (error instanceof PickleError || error instanceof ZipError || error instanceof StateDictError) {
      throw new RunFailure("THTL4002", { file: path, reason: error.message });
    }
    if (error instanceof RunFailure) throw error;
    throw new RunFailure("THTL4002", { file: path, reason: (error as Error).message });
  }
}

class StateDictError extends Error {}

function readZipPth(bytes: Uint8Array): NamedArray[] {
  const entries = new Map(readZip(bytes).map((e) => [e.name, e]));
  const pickle = [...entries.keys()].find((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (!pickle) throw new StateDictError("the zip archive has no 'data.pkl': it is not a PyTorch file");
  const prefix = pickle.slice(0, -"data.pkl".length);
  const tensors = stateDict(unpickle(entries.get(pickle)!.read()).value);
  return tensors.map(([name, t]) => {
    const entry = entries.get(`${prefix}data/${t.storage.key}`);
    if (!entry) throw new StateDictError(`tensor '${name}' names the storage '${t.storage.key}', which the archive does not have`);
    return tensorValues(name, t, entry.read());
  });
}

/**
 * The legacy format: pickles of the magic number, the protocol version and system info, then the
 * state dict (whose storages are persistent ids), then the list of storage keys, then each
 * storage as its element count (int64) followed by its raw bytes.
 */
function readLegacyPth(bytes: Uint8Array): NamedArray[] {
  let magic: unknown;
  let pos: number;
  try {
    ({ value: magic, end: pos } = unpickle(bytes));
  } catch {
    magic = undefined;
    pos = 0;
  }
  if (magic !== LEGACY_MAGIC) throw new StateDictError("it is neither a zip archive nor a legacy torch.save file: it is not a PyTorch file");
  pos = unpickle(bytes, pos).end;
  const info = unpickle(bytes, pos);
  const littleEndian = (info.value instanceof Map ? info.value.get("little_endian") : true) !== false;
  if (!littleEndian) throw new StateDictError("it was saved on a big-endian machine");
  const dict = unpickle(bytes, info.end);
  const tensors = stateDict(dict.value);
  const keys = unpickle(bytes, dict.end);
  if (!Array.isArray(keys.value)) throw new StateDictError("its list of storages is missing");
  const dtypes = new Map(tensors.map(([, t]) => [t.storage.key, t.storage.dtype]));
  const storages = new Map<string, Uint8Array>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  pos = keys.end;
  for (const key of keys.value as string[]) {
    if (pos + 8 > bytes.length) throw new StateDictError(`its storage '${key}' is missing (the file is truncated)`);
    const count = Number(view.getBigInt64(pos, true));
    const length = count * elementSize(dtypes.get(String(key)) ?? "float32");
    if (pos + 8 + length > bytes.length) throw new StateDictError(`its storage '${key}' runs past the end of the file (the file is truncated)`);
    storages.set(String(key), bytes.subarray(pos + 8, pos + 8 + length));
    pos += 8 + length;
  }
  return tensors.map(([name, t]) => {
    const storage = storages.get(t.storage.key);
    if (!storage) throw new StateDictError(`tensor '${name}' names the storage '${t.storage.key}', which the file does not have`);
    return tensorValues(name, t, storage);
  });
}

/** Where training checkpoints keep the model's state dict, beside epochs and optimizer state. */
const CHECKPOINT_KEYS = ["state_dict", "model_state_dict", "model"];

/**
 * The (name, tensor) pairs of an unpickled state dict (or of the state dict inside a training
 * checkpoint such as `{"epoch": 3, "state_dict": ...}`), or a sentence saying what the file
 * holds instead.
 */
function stateDict(value: unknown): [string, PickledTensor][] {
  const entries = dictEntries(value);
  if (!entries) throw new StateDictError("it does not hold a state dict (save it with torch.save(model.state_dict(), path))");
  const isTensor = (t: unknown) => (t as PickledTensor | null)?.kind === "tensor";
  const inner = CHECKPOINT_KEYS.map((key) => dictEntries(entries.find(([name]) => name === key)?.[1])).find((e) => e && e.length > 0 && e.every(([, t]) => isTensor(t)));
  return (entries.every(([, t]) => isTensor(t)) ? entries : (inner ?? entries)).map(([name, t]) => {
    if (!isTensor(t)) {
      throw new StateDictError(`its entry '${String(name)}' is not a tensor: thtl reads files written by torch.save(model.state_dict(), path)`);
    }
    return [String(name), t as PickledTensor];
  });
}
