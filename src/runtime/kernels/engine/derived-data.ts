import { engine, type DataId, type TensorInfo } from "@tensorflow/tfjs-core";

/** What the cache needs of tfjs-backend-wasm's `BackendWasm`. */
interface DisposingBackend {
  disposeData(dataId: DataId, force?: boolean): boolean;
}

/** Derived operands, and what else besides their source they were made from (`stamp`). */
interface Derived {
  operands: TensorInfo[];
  stamp: unknown;
}

/** Per backend: for each source's data, its derived operands by key. */
const derived = new WeakMap<object, Map<DataId, Map<string, Derived>>>();

/**
 * Operands that `make` derives from the data of `source` (a weight's Winograd transform), made
 * once and kept on the backend until that data is freed: a tensor's data never changes while it
 * lives (tfjs replaces a variable's data on assignment), so what was derived from it stays right.
 * `make` returns backend outputs (`makeOutput`), which tfjs's scopes and `tf.memory()` do not see:
 * they belong to the source, and go with it. Operands that also depend on other data (a batch
 * norm's scale) name it as `stamp`: where the stamp has changed, they are freed and made again.
 */
export function derivedData(
  backend: DisposingBackend,
  source: TensorInfo,
  key: string,
  make: () => TensorInfo[],
  stamp?: unknown,
): TensorInfo[] {
  const bySource = cacheOf(backend);
  let byKey = bySource.get(source.dataId);
  if (byKey === undefined) bySource.set(source.dataId, (byKey = new Map()));
  const kept = byKey.get(key);
  if (kept !== undefined && kept.stamp === stamp) return kept.operands;
  kept?.operands.forEach((operand) => backend.disposeData(operand.dataId, true));
  const operands = make();
  byKey.set(key, { operands, stamp });
  return operands;
}

/** The backend's cache, with its `disposeData` wrapped (once) to free a source's operands with it. */
function cacheOf(backend: DisposingBackend): Map<DataId, Map<string, Derived>> {
  let cache = derived.get(backend);
  if (cache !== undefined) return cache;
  const bySource = (cache = new Map());
  derived.set(backend, bySource);
  const dispose = backend.disposeData.bind(backend);
  backend.disposeData = (dataId, force) => {
    const freed = dispose(dataId, force);
    const byKey = freed ? bySource.get(dataId) : undefined;
    if (byKey !== undefined) {
      bySource.delete(dataId);
      for (const { operands } of byKey.values()) for (const operand of operands) dispose(operand.dataId, true);
    }
    return freed;
  };
  return cache;
}

/**
 * Whether no gradient is being recorded or computed: inference. tfjs records the forward pass
 * with a gradient depth above zero, and computes the backward pass at depth zero with the tape
 * still set; a weight's derived operands are kept only outside both, where weights stay put.
 */
export function outsideGradients(): boolean {
  const { gradientDepth, activeTape } = engine().state;
  return gradientDepth === 0 && activeTape == null;
}
