import type { TfNamespace as Tf } from "../tf.js";

/** Per tfjs-layers instance: the subclasses made, by class name. */
const made = new WeakMap<object, Map<string, unknown>>();

/**
 * A subclass of one of tfjs-layers' classes that keeps its class name `name`, made by `make`
 * once per tfjs-layers instance and put in the serialization map in place of tfjs's, so saved
 * model.json files stay standard and models loaded from them get the subclass too.
 */
export function registeredClass<T>(tf: Tf, name: string, make: () => T): T {
  let byName = made.get(tf.layers);
  if (byName === undefined) made.set(tf.layers, (byName = new Map()));
  if (!byName.has(name)) {
    const cls = make();
    tf.serialization.SerializationMap.register(cls as never);
    byName.set(name, cls);
  }
  return byName.get(name) as T;
}
