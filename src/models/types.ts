/**
 * What the compiler needs to know of an architecture: its groups and layer paths with parameter
 * counts. The catalogue (files beside this one) derives these summaries from each architecture's
 * layer graph, the same data from which the runtime builds tfjs layers models.
 */

/**
 * Which framework's build of an architecture: torchvision's and Keras's "same" networks differ in
 * strides, padding and batch-norm constants, so weights of one compute another function in the other.
 */
export type Variant = "torchvision" | "keras";

export interface DescribeOptions {
  /** Channel multiplier; 1 is the published network. */
  width: number;
  input: { height: number; width: number; channels: 1 | 3 };
  /** Number of classes of the classifier. */
  classes: number;
  /** Dropout before the classifier; changes no parameter count. */
  dropout: number;
  /** The framework's build; the architecture's default variant when absent. */
  variant?: Variant;
}

export interface LayerSummary {
  /** torchvision-style path used by glob selectors: `layer4.1.conv2`, `stem.conv1`, `head.fc`. */
  path: string;
  /** The layer's name in the tfjs model, matching Keras Applications where Keras has the architecture. */
  name: string;
  /** The layer's kind in the layer graph: `conv2d`, `batchnorm`, `dense`, ... */
  type: string;
  /** Learnable values (kernels, biases, batch-norm scale and shift; not moving statistics). */
  params: number;
}

export interface GroupSummary {
  name: string;
  /** Layers with or without parameters, in model order. */
  layers: LayerSummary[];
  params: number;
  /**
   * Whether the network can be cut right after this group with a single tensor crossing the cut,
   * so that a frozen prefix ending here can be computed once and cached (false for `head`).
   */
  singleTensorOutput?: boolean;
}

export interface ModelSummary {
  arch: string;
  groups: GroupSummary[];
  totalParams: number;
}

export interface ArchitectureInfo {
  name: string;
  /** One line for `thtl models`. */
  description: string;
  defaultInput: { height: number; width: number };
  /** The smallest input the architecture accepts (its spatial reductions must leave at least 1x1). */
  minInput: { height: number; width: number };
  /** Group names in model order, ending in `head`. */
  groups: string[];
  /** The variants the catalogue builds, the default first. */
  variants: Variant[];
  describe(options: DescribeOptions): ModelSummary;
}
