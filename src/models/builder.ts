import type { LayerGraph, LayerNode, LayerSpec } from "./graph.js";
import type { Variant } from "./types.js";
import { InputTooSmallError, learnableParams, nonEmpty, outputShape } from "./shapes.js";

/** Keras names the input layer of a functional model `input_1`. */
const INPUT_NAME = "input_1";

/**
 * Builds a layer graph in construction order, inferring each layer's output shape and parameter
 * count as it goes (architectures need shapes while building: MobileNetV2 pads by input parity).
 */
export class GraphBuilder {
  readonly input: string = INPUT_NAME;
  private readonly layers: LayerNode[] = [];
  private readonly shapes = new Map<string, number[]>();
  private readonly paths = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly arch: string,
    private readonly groups: readonly string[],
    private readonly inputShape: [number, number, number],
    private readonly variant: Variant,
  ) {
    this.shapes.set(INPUT_NAME, inputShape);
  }

  /** Adds a layer; `path` starts with its group. Returns the layer's name, to use as an input. */
  add(path: string, name: string, spec: LayerSpec, ...inputs: string[]): string {
    const group = path.slice(0, path.indexOf("."));
    if (!this.groups.includes(group)) throw new Error(`${this.arch}: layer path '${path}' is in no group`);
    if (this.shapes.has(name) || this.paths.has(path))
      throw new Error(`${this.arch}: duplicate layer '${name}' (${path})`);
    const shapes = inputs.map((input) => this.shape(input));
    const shape = outputShape(spec, shapes, name);
    if (!nonEmpty(shape)) throw new InputTooSmallError(`${this.arch}: layer '${name}' would output [${shape}]`);
    const params = learnableParams(spec, shapes);
    this.layers.push({ ...spec, name, path, group, inputs, outputShape: shape, params } as LayerNode);
    this.shapes.set(name, shape);
    this.paths.add(path);
    return name;
  }

  /** Keras's automatic layer names: `conv2d`, `conv2d_1`, `conv2d_2`, ... in construction order. */
  auto(base: string): string {
    const count = this.counters.get(base) ?? 0;
    this.counters.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  }

  shape(name: string): number[] {
    const shape = this.shapes.get(name);
    if (!shape) throw new Error(`${this.arch}: unknown layer '${name}'`);
    return shape;
  }

  channels(name: string): number {
    const shape = this.shape(name);
    return shape[shape.length - 1]!;
  }

  finish(output: string): LayerGraph {
    return {
      arch: this.arch,
      variant: this.variant,
      input: { name: INPUT_NAME, shape: this.inputShape },
      layers: this.layers,
      output,
      groups: [...this.groups],
    };
  }
}
