import util from "node:util";
import type { TfNamespace } from "../tf.js";

export type NativePackage = "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs-node";

export type NativeResult = { ok: true; gpu: boolean } | { ok: false; note: string };

/**
 * Loads one of the libtensorflow bindings and makes its `tensorflow` backend current. Both are
 * optional dependencies whose install often fails (no access to storage.googleapis.com, no CUDA
 * 11), so any failure is reported as a note rather than thrown.
 */
export async function loadNative(tf: TfNamespace, pkg: string): Promise<NativeResult> {
  polyfillIsNullOrUndefined();
  try {
    await import(pkg);
  } catch (error) {
    return { ok: false, note: `${pkg}: ${describeImportFailure(pkg, error)}` };
  }
  // A nested copy of tfjs-core would register the backend where our engine cannot see it.
  if (tf.findBackendFactory("tensorflow") === null) {
    return {
      ok: false,
      note: `${pkg}: failed to load: it registered no 'tensorflow' backend with this copy of @tensorflow/tfjs-core`,
    };
  }
  try {
    if (!(await tf.setBackend("tensorflow")))
      return { ok: false, note: `${pkg}: failed to load: the backend did not initialise` };
  } catch (error) {
    return { ok: false, note: `${pkg}: failed to load: ${firstLine(error)}` };
  }
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
  return { ok: true, gpu: backend.isUsingGpuDevice === true };
}

function describeImportFailure(pkg: string, error: unknown): string {
  const message = firstLine(error);
  const code = (error as { code?: string } | null)?.code;
  const missingItself = code === "ERR_MODULE_NOT_FOUND" && message.includes(`'${pkg}'`);
  return missingItself ? "not installed" : `failed to load: ${message}`;
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n", 1)[0]!.trim();
}

/** tfjs-node 4.22 calls `util.isNullOrUndefined`, which Node 23 removed (tensorflow/tfjs#8609). */
function polyfillIsNullOrUndefined(): void {
  const legacy = util as unknown as { isNullOrUndefined?: (value: unknown) => boolean };
  legacy.isNullOrUndefined ??= (value) => value === null || value === undefined;
}
