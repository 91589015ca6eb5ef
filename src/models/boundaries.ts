import type { LayerGraph } from "./graph.js";

/**
 * The name of the last layer of `group`, if the network can be cut right after it with exactly
 * that layer's output crossing the cut (every later layer reads only later layers or it), so that
 * a frozen prefix can be computed once and its output cached. Undefined when the cut is not a
 * single tensor, and for `head` (nothing follows it).
 */
export function groupBoundary(graph: LayerGraph, group: string): string | undefined {
  const index = graph.groups.indexOf(group);
  if (index < 0 || index === graph.groups.length - 1) return undefined;
  const before = new Set([graph.input.name]);
  let last: string | undefined;
  for (const layer of graph.layers) {
    if (graph.groups.indexOf(layer.group) > index) break;
    before.add(layer.name);
    last = layer.name;
  }
  if (last === undefined) return undefined;
  const crossing = graph.layers
    .filter((layer) => graph.groups.indexOf(layer.group) > index)
    .flatMap((layer) => layer.inputs)
    .filter((input) => before.has(input));
  return crossing.every((input) => input === last) ? last : undefined;
}
