import type { GraphBuilder } from "../builder.js";
import type { DescribeOptions } from "../types.js";

/** One architecture: its identity, and how to build its backbone (everything before `head`). */
export interface ArchitectureDefinition {
  name: string;
  description: string;
  defaultInput: { height: number; width: number };
  /** Group names in model order; the last is `head`, which the catalogue appends. */
  groups: readonly string[];
  /** Adds the backbone's layers and returns the name of the layer whose output feeds `head`. */
  backbone(b: GraphBuilder, options: DescribeOptions): string;
}
