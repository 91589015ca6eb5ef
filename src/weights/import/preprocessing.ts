import type { Framework } from "./source.js";

/**
 * How images are prepared for a network, as its framework prepared them in training: pixel
 * values scaled by `scale` (RGB or BGR order), then `(x - mean) / std` per channel; `resize` and
 * `crop` are the framework's evaluation transform (short side, then centre crop), where it has one.
 */
export interface Preprocessing {
  /** Keras's `preprocess_input` mode, or `torchvision`. */
  mode: "torchvision" | "caffe" | "tf" | "torch" | "none";
  channels: "rgb" | "bgr";
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  resize: number | null;
  crop: number | null;
}

const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

/** Keras Applications' `preprocess_input` mode per architecture. */
const KERAS_MODES: Record<string, Preprocessing["mode"]> = {
  resnet50: "caffe",
  vgg16: "caffe",
  densenet121: "torch",
  mobilenet_v2: "tf",
  inception_v3: "tf",
  xception: "tf",
  efficientnet_b0: "none",
};

export function preprocessingFor(framework: Framework, arch: string): Preprocessing {
  if (framework === "torchvision") {
    const inception = arch === "inception_v3";
    return { mode: "torchvision", channels: "rgb", scale: 1 / 255, mean: IMAGENET_MEAN, std: IMAGENET_STD, resize: inception ? 342 : 256, crop: inception ? 299 : 224 };
  }
  const mode = KERAS_MODES[arch] ?? "none";
  switch (mode) {
    case "caffe":
      return { mode, channels: "bgr", scale: 1, mean: [103.939, 116.779, 123.68], std: [1, 1, 1], resize: null, crop: null };
    case "tf":
      return { mode, channels: "rgb", scale: 1 / 127.5, mean: [1, 1, 1], std: [1, 1, 1], resize: null, crop: null };
    case "torch":
      return { mode, channels: "rgb", scale: 1 / 255, mean: IMAGENET_MEAN, std: IMAGENET_STD, resize: null, crop: null };
    default:
      // EfficientNet normalises inside the network: it takes pixels 0-255.
      return { mode: "none", channels: "rgb", scale: 1, mean: [0, 0, 0], std: [1, 1, 1], resize: null, crop: null };
  }
}
