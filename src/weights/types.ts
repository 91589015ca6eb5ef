/** Named float32 arrays: a model's weights (moving statistics included) or an optimizer's slots. */
export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** What the readers need of a model: its layers, with the module path torchvision names them by. */
export interface WeightTarget {
  layers: readonly { name: string; group: string; path: string; batchNorm: boolean }[];
}
