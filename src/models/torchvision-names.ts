import type { LayerGraph } from "./graph.js";

/**
 * Where each layer of a torchvision-variant graph sits in torchvision's module tree, so that a
 * `state_dict` key such as `features.3.conv.1.0.weight` finds its layer. Plain data and
 * arithmetic over the layer paths, which already follow torchvision's names wherever torchvision
 * names its modules; the tables below cover its numbered `Sequential`s.
 */
export function torchvisionModules(graph: LayerGraph): Map<string, string> {
  const rename = RENAMES[graph.arch];
  const modules = new Map<string, string>();
  for (const layer of graph.layers) {
    if (layer.params === 0 && layer.kind !== "batchnorm") continue;
    const module = rename ? rename(layer.path) : undefined;
    if (module !== undefined) modules.set(module, layer.name);
  }
  return modules;
}

type Rename = (path: string) => string | undefined;

/** ResNets: the stem's `conv1`/`bn1` and the classifier `fc` are top-level modules. */
const resnet: Rename = (path) => path.replace(/^stem\./, "").replace(/^head\./, "");

/** VGG16's `features` index of each conv (a ReLU follows each, a max pool ends each block). */
const VGG_FEATURES: Record<string, number> = {};
[2, 2, 3, 3, 3].reduce((index, convs, block) => {
  for (let i = 1; i <= convs; i++, index += 2) VGG_FEATURES[`block${block + 1}.conv${i}`] = index;
  return index + 1;
}, 0);
const VGG_CLASSIFIER: Record<string, string> = {
  "classifier.fc1": "classifier.0",
  "classifier.fc2": "classifier.3",
  "head.fc": "classifier.6",
};

const vgg: Rename = (path) => {
  const feature = VGG_FEATURES[path];
  return feature !== undefined ? `features.${feature}` : VGG_CLASSIFIER[path];
};

const densenet: Rename = (path) => {
  if (path === "head.fc") return "classifier";
  if (path === "denseblock4.norm5") return "features.norm5";
  return `features.${path.replace(/^stem\./, "")}`;
};

/** MobileNetV2's blocks are `features.1` .. `features.17`, numbered across stages. */
const MOBILENET_REPEATS = [1, 2, 3, 4, 3, 3, 1];
const MOBILENET_PARTS_EXPANDING: Record<string, string> = {
  expand: "conv.0.0",
  expand_bn: "conv.0.1",
  depthwise: "conv.1.0",
  depthwise_bn: "conv.1.1",
  project: "conv.2",
  project_bn: "conv.3",
};
const MOBILENET_PARTS_FIRST: Record<string, string> = {
  depthwise: "conv.0.0",
  depthwise_bn: "conv.0.1",
  project: "conv.1",
  project_bn: "conv.2",
};
const MOBILENET_FIXED: Record<string, string> = {
  "stem.conv": "features.0.0",
  "stem.bn": "features.0.1",
  "top.conv": "features.18.0",
  "top.bn": "features.18.1",
  "head.fc": "classifier.1",
};

const mobilenet: Rename = (path) => {
  const fixed = MOBILENET_FIXED[path];
  if (fixed) return fixed;
  const match = /^block(\d+)\.(\d+)\.(\w+)$/.exec(path);
  if (!match) return undefined;
  const stage = Number(match[1]);
  const id = MOBILENET_REPEATS.slice(0, stage - 1).reduce((a, b) => a + b, 0) + Number(match[2]) + 1;
  const part = (stage === 1 ? MOBILENET_PARTS_FIRST : MOBILENET_PARTS_EXPANDING)[match[3]!];
  return part && `features.${id}.${part}`;
};

const EFFICIENTNET_PARTS_EXPANDING: Record<string, string> = {
  expand_conv: "block.0.0",
  expand_bn: "block.0.1",
  dwconv: "block.1.0",
  bn: "block.1.1",
  se_reduce: "block.2.fc1",
  se_expand: "block.2.fc2",
  project_conv: "block.3.0",
  project_bn: "block.3.1",
};
const EFFICIENTNET_PARTS_FIRST: Record<string, string> = {
  dwconv: "block.0.0",
  bn: "block.0.1",
  se_reduce: "block.1.fc1",
  se_expand: "block.1.fc2",
  project_conv: "block.2.0",
  project_bn: "block.2.1",
};
const EFFICIENTNET_FIXED: Record<string, string> = {
  "stem.conv": "features.0.0",
  "stem.bn": "features.0.1",
  "top.conv": "features.8.0",
  "top.bn": "features.8.1",
  "head.fc": "classifier.1",
};

/** EfficientNet's stage S is `features.S`, its blocks numbered within the stage. */
const efficientnet: Rename = (path) => {
  const fixed = EFFICIENTNET_FIXED[path];
  if (fixed) return fixed;
  const match = /^block(\d+)\.(\d+)\.(\w+)$/.exec(path);
  if (!match) return undefined;
  const part = (match[1] === "1" ? EFFICIENTNET_PARTS_FIRST : EFFICIENTNET_PARTS_EXPANDING)[match[3]!];
  return part && `features.${match[1]}.${match[2]}.${part}`;
};

const INCEPTION_MIXED = [
  "Mixed_5b",
  "Mixed_5c",
  "Mixed_5d",
  "Mixed_6a",
  "Mixed_6b",
  "Mixed_6c",
  "Mixed_6d",
  "Mixed_6e",
  "Mixed_7a",
  "Mixed_7b",
  "Mixed_7c",
];

const inception: Rename = (path) => {
  if (path === "head.fc") return "fc";
  if (path.startsWith("stem.")) return path.slice("stem.".length);
  const match = /^mixed(\d+)\.(.+)$/.exec(path);
  return match ? `${INCEPTION_MIXED[Number(match[1])]}.${match[2]}` : undefined;
};

const RENAMES: Record<string, Rename> = {
  resnet18: resnet,
  resnet34: resnet,
  resnet50: resnet,
  vgg16: vgg,
  densenet121: densenet,
  mobilenet_v2: mobilenet,
  efficientnet_b0: efficientnet,
  inception_v3: inception,
};

/** Module prefixes of torchvision checkpoints that no built model has: listed by the import, never loaded. */
export const TORCHVISION_LEFT_OUT: Record<string, string> = { inception_v3: "AuxLogits." };
