import { groupBoundary } from "./boundaries.js";
import type { LayerGraph } from "./graph.js";
import type { GroupSummary, ModelSummary } from "./types.js";

/** The compiler's view of a layer graph: groups in model order with their layers and counts. */
export function summarize(graph: LayerGraph): ModelSummary {
  const groups: GroupSummary[] = graph.groups.map((name) => ({
    name,
    layers: [],
    params: 0,
    singleTensorOutput: groupBoundary(graph, name) !== undefined,
  }));
  const byName = new Map(groups.map((group) => [group.name, group]));
  for (const layer of graph.layers) {
    const group = byName.get(layer.group)!;
    group.layers.push({ path: layer.path, name: layer.name, type: layer.kind, params: layer.params });
    group.params += layer.params;
  }
  const totalParams = groups.reduce((sum, group) => sum + group.params, 0);
  return { arch: graph.arch, groups, totalParams };
}
