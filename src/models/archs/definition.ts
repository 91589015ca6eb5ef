import type { GraphBuilder } from "../builder.js";
import type { DescribeOptions, Variant } from "../types.js";

/** One architecture: its identity, and how to build its backbone (everything before `head`). */
export interface ArchitectureDefinition {
  name: string;
  description: string;
  defaultInput: { height: number; width: number };
  /**
   * The smallest square input whose spatial reductions all leave at least 1x1. A constant, since
   * searching for it costs hundreds of milliseconds at every start; a test checks it against the graph.
   */
  minInput: { height: number; width: number };
  /** Group names in model order; the last is `head`, which the catalogue appends. */
  groups: readonly string[];
  /** The variants this architecture is built in, the default first. */
  variants: readonly Variant[];
  /** Adds the backbone's layers and returns the name of the layer whose output feeds `head`; `variant` is always set. */
  backbone(b: GraphBuilder, options: DescribeOptions & { variant: Variant }): string;
}
