import type { FolderRule } from "./folder-table.js";
import type { ImportEdge, ImportGraph } from "./import-graph.js";
import { packageName } from "./import-graph.js";

const TABLE = "docs/architecture.md";

/**
 * Every way `graph` breaks `rules`: a file in no row, an import its row does not allow, a row
 * whose files load TensorFlow.js though the table says they do not, and every import cycle
 * (type-only and dynamic imports included). Also checks the table: each row names only rows
 * listed before it, so that the folders import each other in one direction.
 */
export function architectureViolations(graph: ImportGraph, rules: readonly FolderRule[]): string[] {
  return [
    ...tableProblems(rules),
    ...unplacedFiles(graph, rules),
    ...forbiddenImports(graph, rules),
    ...tensorflowLoads(graph, rules),
    ...cycles(graph),
  ];
}

/** The row a file belongs to: the longest folder that holds it. */
export function rowOf(file: string, rules: readonly FolderRule[]): FolderRule | undefined {
  let best: FolderRule | undefined;
  for (const rule of rules) {
    const holds = rule.folder.endsWith("/") ? file.startsWith(rule.folder) : file === rule.folder;
    if (holds && (!best || rule.folder.length > best.folder.length)) best = rule;
  }
  return best;
}

/** Every name in a row's "may import" is a row listed before it: the rows run bottom-up, in one direction. */
function tableProblems(rules: readonly FolderRule[]): string[] {
  return rules.flatMap((rule, i) =>
    [...rule.mayImport, ...rule.typesOnly].flatMap((name) => {
      const at = rules.findIndex((other) => other.folder === name);
      if (at < 0) return [`${TABLE}: the row of ${rule.folder} names ${name}, which has no row`];
      return at < i
        ? []
        : [
            `${TABLE}: the row of ${rule.folder} names ${name}, which is listed after it: rows run from the bottom of the flow up`,
          ];
    }),
  );
}

function unplacedFiles(graph: ImportGraph, rules: readonly FolderRule[]): string[] {
  return graph.files
    .filter((file) => !rowOf(file, rules))
    .map(
      (file) =>
        `${file} is in no folder of the table in ${TABLE}: add a row for its folder (what it holds, what it may import)`,
    );
}

function forbiddenImports(graph: ImportGraph, rules: readonly FolderRule[]): string[] {
  return graph.edges.flatMap((edge) => {
    if (edge.package) return [];
    const from = rowOf(edge.from, rules);
    const to = rowOf(edge.to, rules);
    if (!from || !to || from === to || from.mayImport.includes(to.folder)) return [];
    if (edge.kind === "type" && from.typesOnly.includes(to.folder)) return [];
    const what = from.typesOnly.includes(to.folder) ? `only types from ${to.folder}` : `nothing from ${to.folder}`;
    return [`${where(edge)} imports ${edge.to} (${edge.kind}), but ${from.folder} may import ${what} (${TABLE})`];
  });
}

/** A row marked "no" must not load TensorFlow.js when any of its files is evaluated: static imports only, followed through every file. */
function tensorflowLoads(graph: ImportGraph, rules: readonly FolderRule[]): string[] {
  const loads = loadedBy(graph);
  return graph.files.flatMap((file) => {
    const row = rowOf(file, rules);
    if (!row || row.tensorflow) return [];
    const tf = [...(loads.get(file) ?? [])].filter((name) => name.startsWith("@tensorflow/"));
    return tf.length > 0
      ? [
          `${file} loads ${tf.sort().join(", ")}, but ${TABLE} says ${row.folder} does not load TensorFlow.js: import it lazily`,
        ]
      : [];
  });
}

/** For each file, the packages it loads up front (static imports, followed through files). */
export function loadedBy(graph: ImportGraph): Map<string, Set<string>> {
  return new Map(graph.files.map((file) => [file, reachable(graph, file, ["static"]).packages]));
}

/** Files and packages reachable from `entry` through imports of the given kinds. */
export function reachable(
  graph: ImportGraph,
  entry: string,
  kinds: readonly ImportEdge["kind"][],
): { files: Set<string>; packages: Set<string> } {
  const byFile = edgesByFile(graph);
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const edge of byFile.get(file) ?? []) {
      if (!kinds.includes(edge.kind)) continue;
      if (edge.package) packages.add(packageName(edge.to));
      else stack.push(edge.to);
    }
  }
  return { files, packages };
}

const edgeIndex = new WeakMap<ImportGraph, Map<string, ImportEdge[]>>();
function edgesByFile(graph: ImportGraph): Map<string, ImportEdge[]> {
  let index = edgeIndex.get(graph);
  if (!index) {
    index = new Map();
    for (const edge of graph.edges) index.set(edge.from, [...(index.get(edge.from) ?? []), edge]);
    edgeIndex.set(graph, index);
  }
  return index;
}

function cycles(graph: ImportGraph): string[] {
  const next = new Map<string, string[]>(graph.files.map((file) => [file, []]));
  for (const edge of graph.edges) if (!edge.package) next.get(edge.from)?.push(edge.to);
  return findCycles(next).map((path) => `import cycle: ${path.join(" -> ")}`);
}

/**
 * One cycle through each strongly connected component of the graph (Tarjan's algorithm), as a
 * path that starts and ends at the component's first node in sorted order.
 */
export function findCycles(next: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = (next.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) components.push(component);
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => pathThrough(new Set(component), next));
}

/** A shortest way round a component, from its first node back to it. */
function pathThrough(component: ReadonlySet<string>, next: ReadonlyMap<string, readonly string[]>): string[] {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of next.get(node) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

function where(edge: ImportEdge): string {
  return `${edge.from}:${edge.line}`;
}
