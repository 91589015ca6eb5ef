import type { engine, Tensor } from "@tensorflow/tfjs-core";

const EAGER = Symbol("thtl.eagerBackprop");

/** The parts of tfjs-core's tape node that the backward walk reads. */
interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, Tensor>;
  outputs: Tensor[];
  saved?: Tensor[];
  gradient?: (dys: (Tensor | null)[]) => Record<string, () => Tensor>;
}

type Gradients = (
  f: () => Tensor,
  xs: Tensor[],
  dy?: Tensor,
  allowNoGradients?: boolean,
) => { value: Tensor; grads: Tensor[] };

/** The engine's members `gradients` uses, which its public typings leave out. */
interface TapeEngine {
  gradients: Gradients & { [EAGER]?: true };
  state: { gradientDepth: number; activeTape: TapeNode[] | null };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T>(name: string | (() => T), f?: () => T): T;
}

interface Ops {
  engine: typeof engine;
  ones: (shape: number[]) => Tensor;
  add: (a: Tensor, b: Tensor) => Tensor;
}

/**
 * tfjs-core's backward pass keeps every gradient it computes, and every tensor the forward pass
 * saved for it, until the whole pass ends: at its peak a training step holds the forward's saved
 * activations and a gradient of the same size for each, twice what PyTorch's autograd holds,
 * which frees both as it goes (DenseNet121 at 64x64, batch 32: the wasm heap grew to 1.4 GB, where
 * the forward pass's tensors took 0.62 GB). This replaces the engine's `gradients` for first-order
 * gradients with a walk that frees a node's output gradients and saved tensors once the node is
 * done, and the saved tensors of nodes off the path from the variables to the loss (a frozen
 * prefix's) before it starts. Nested (higher-order) gradients keep tfjs's own walk. Idempotent.
 */
export function releaseGradientsEagerly(tf: Ops): void {
  const engine = tf.engine() as unknown as TapeEngine;
  if (engine.gradients[EAGER]) return;
  const original = engine.gradients.bind(engine);
  const eager: Gradients = (f, xs, dy, allowNoGradients = false) => {
    if (engine.state.gradientDepth > 0) return original(f, xs, dy, allowNoGradients);
    if (xs.length === 0) throw new Error("gradients() received an empty list of xs.");
    if (dy != null && dy.dtype !== "float32") throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
    const y = engine.scopedRun(
      () => engine.startTape(),
      () => engine.endTape(),
      () => engine.tidy("forward", f),
    );
    const tape = engine.state.activeTape ?? [];
    const path = nodesFromXsToY(tape, xs, y);
    if (!allowNoGradients && path.length === 0)
      throw new Error(
        "Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.",
      );
    const onPath = new Set(path.map((node) => node.id));
    for (const node of tape) if (!onPath.has(node.id)) node.saved?.forEach((t) => t.dispose());
    return engine.tidy("backward", () => {
      const kept = new Set([y.id, ...xs.map((x) => x.id)]);
      const gradients = walkBackward(tf, engine, path, y, dy ?? tf.ones(y.shape), kept);
      const grads = xs.map((x) => gradients.get(x.id)!);
      for (const node of tape) node.saved?.forEach((t) => t.dispose());
      engine.state.activeTape = null;
      return { value: y, grads };
    });
  };
  engine.gradients = Object.assign(eager, { [EAGER]: true as const });
}

/** Gradients by tensor id, and how many ids hold each tensor (a gradient function may hand one on as it is). */
class GradientMap {
  private readonly byId = new Map<number, Tensor>();
  private readonly holders = new Map<Tensor, number>();

  get(id: number): Tensor | undefined {
    return this.byId.get(id);
  }

  set(id: number, t: Tensor): void {
    this.delete(id);
    this.byId.set(id, t);
    this.holders.set(t, (this.holders.get(t) ?? 0) + 1);
  }

  delete(id: number): Tensor | undefined {
    const t = this.byId.get(id);
    if (t === undefined) return undefined;
    this.byId.delete(id);
    const count = this.holders.get(t)! - 1;
    if (count === 0) this.holders.delete(t);
    else this.holders.set(t, count);
    return t;
  }

  holds(t: Tensor): boolean {
    return this.holders.has(t);
  }
}

/**
 * Walks `path` from the end, accumulating each tensor's gradient, and after each node frees what
 * no later node can need: its outputs' gradients (but those of `kept` ids: the loss and the xs),
 * the parts of sums, and its saved tensors; never a tensor the map still holds, a globally kept
 * gradient, or the caller's `dy`.
 */
function walkBackward(
  tf: Ops,
  engine: TapeEngine,
  path: TapeNode[],
  y: Tensor,
  dy: Tensor,
  kept: Set<number>,
): GradientMap {
  const gradients = new GradientMap();
  gradients.set(y.id, dy);
  const free = (t: Tensor) => {
    if (t !== dy && !gradients.holds(t)) t.dispose();
  };
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.gradient == null)
      throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    const thunks = node.gradient(node.outputs.map((o) => gradients.get(o.id) ?? null));
    const garbage: Tensor[] = [];
    for (const [name, x] of Object.entries(node.inputs)) {
      const thunk = thunks[name];
      if (thunk === undefined)
        throw new Error(`Cannot backprop through input ${name}. Available gradients found: ${Object.keys(thunks)}.`);
      const dx = engine.tidy(thunk);
      checkGradient(node, name, dx, x);
      const previous = gradients.get(x.id);
      gradients.set(x.id, previous === undefined ? dx : tf.add(previous, dx));
      if (previous !== undefined) garbage.push(previous, dx);
    }
    for (const o of node.outputs) {
      const gradient = kept.has(o.id) ? undefined : gradients.delete(o.id);
      if (gradient !== undefined) garbage.push(gradient);
    }
    garbage.filter((t) => !t.kept).forEach(free);
    node.saved?.forEach(free);
  }
  return gradients;
}

function checkGradient(node: TapeNode, name: string, dx: Tensor, x: Tensor): void {
  const op = `Error in gradient for op ${node.kernelName}. The gradient of input`;
  if (dx.dtype !== "float32") throw new Error(`${op} ${name} must have 'float32' dtype, but has '${dx.dtype}'`);
  if (dx.shape.length !== x.shape.length || dx.shape.some((size, axis) => size !== x.shape[axis]))
    throw new Error(
      `${op} '${name}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`,
    );
}

/**
 * The nodes of `tape`, in order, that both depend on one of `xs` and lead to `y`, each with only
 * the inputs that depend on `xs` (the others get no gradient), as tfjs's own walk prunes them.
 */
function nodesFromXsToY(tape: TapeNode[], xs: Tensor[], y: Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodeFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((input) => fromX.has(input.id))) {
      node.outputs.forEach((output) => fromX.add(output.id));
      nodeFromX.add(node.id);
    }
  }
  const toY = new Set([y.id]);
  const nodeToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    if (node.outputs.some((output) => toY.has(output.id))) {
      Object.values(node.inputs).forEach((input) => toY.add(input.id));
      nodeToY.add(node.id);
    }
  }
  return tape
    .filter((node) => nodeFromX.has(node.id) && nodeToY.has(node.id))
    .map((node) => ({
      ...node,
      inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, input]) => fromX.has(input.id))),
    }));
}
