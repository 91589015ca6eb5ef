import type { Variant } from "./types.js";

/**
 * How each framework's weights expect their pixels, as a per-channel affine map of pixels scaled
 * to [0, 1] (`(p - mean) / std`) and a channel order. Every mode in use is one:
 *
 * - `torchvision`: divide by 255, then ImageNet mean and std (torchvision's eval transforms). For
 *   InceptionV3 torchvision's `transform_input` follows that normalisation; the two compose to
 *   `2p - 1`, so its mode is `tf`.
 * - Keras's `preprocess_input` per architecture: `caffe` (RGB to BGR, subtract the ImageNet mean
 *   in 0-255 units: ResNet50, VGG16), `tf` (scale to [-1, 1]: MobileNetV2, InceptionV3,
 *   Xception), `torch` (ImageNet mean and std: DenseNet121), and `none` for EfficientNet, whose
 *   network takes 0-255 pixels and normalises them itself (its `Rescaling` and `Normalization`
 *   layers, which thtl's graph leaves out and applies here instead: divide by 255, ImageNet mean and std).
 */
export type PreprocessingMode = "torchvision" | "caffe" | "tf" | "torch" | "none";

export interface Preprocessing {
  mode: PreprocessingMode;
  /** Per channel, in RGB order, of pixels scaled to [0, 1]. */
  mean: number[];
  std: number[];
  /** The channel order the network reads. */
  order: "rgb" | "bgr";
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

const MODES: Record<PreprocessingMode, Omit<Preprocessing, "mode">> = {
  torchvision: { mean: IMAGENET_MEAN, std: IMAGENET_STD, order: "rgb" },
  torch: { mean: IMAGENET_MEAN, std: IMAGENET_STD, order: "rgb" },
  // Keras subtracts [103.939, 116.779, 123.68] from BGR pixels in 0-255, and does not divide.
  caffe: { mean: [123.68 / 255, 116.779 / 255, 103.939 / 255], std: [1 / 255, 1 / 255, 1 / 255], order: "bgr" },
  tf: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], order: "rgb" },
  none: { mean: IMAGENET_MEAN, std: IMAGENET_STD, order: "rgb" },
};

const KERAS_MODES: Record<string, PreprocessingMode> = {
  resnet50: "caffe",
  vgg16: "caffe",
  densenet121: "torch",
  mobilenet_v2: "tf",
  efficientnet_b0: "none",
  inception_v3: "tf",
  xception: "tf",
};

export function preprocessingMode(arch: string, variant: Variant): PreprocessingMode {
  if (variant === "torchvision") return arch === "inception_v3" ? "tf" : "torchvision";
  return KERAS_MODES[arch] ?? "torch";
}

export function preprocessingOf(arch: string, variant: Variant): Preprocessing {
  const mode = preprocessingMode(arch, variant);
  const { mean, std, order } = MODES[mode];
  return { mode, mean: [...mean], std: [...std], order };
}

/** How a network's input is normalised: the plan's `normalization` and an imported folder's carry this shape. */
export interface Normalization {
  mean: number[];
  std: number[];
  source: "imagenet" | "caffe" | "tf" | "none";
  order?: "rgb" | "bgr";
}

const IMAGENET_RGB = { mean: IMAGENET_MEAN, std: IMAGENET_STD };
/** The RGB statistics' means, for grayscale images fed to ImageNet-style weights. */
const IMAGENET_GRAY = { mean: [0.449], std: [0.226] };

const average = (values: number[]) => [values.reduce((a, b) => a + b, 0) / values.length];

/** The normalisation pretrained weights of a framework's build expect (`preprocessingOf`), for 1 or 3 channels. */
export function pretrainedNormalization(arch: string, variant: Variant, channels: 1 | 3): Normalization {
  const { mode, mean, std, order } = preprocessingOf(arch, variant);
  const source = mode === "caffe" || mode === "tf" ? mode : "imagenet";
  if (source === "imagenet") return { ...(channels === 3 ? IMAGENET_RGB : IMAGENET_GRAY), source };
  if (channels === 1) return { mean: average(mean), std: average(std), source };
  return { mean, std, source, ...(order === "bgr" && { order }) };
}
