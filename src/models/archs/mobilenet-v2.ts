import type { GraphBuilder } from "../builder.js";
import { makeDivisible } from "../channels.js";
import { add, batchnorm, conv, correctPad, depthwise, globalAvgPool, relu, zeropad } from "../layers.js";
import type { DescribeOptions, Variant } from "../types.js";
import type { ArchitectureDefinition } from "./definition.js";

/**
 * MobileNetV2 as in Keras Applications (`alpha` = width, channels rounded to multiples of 8, the
 * last conv kept at 1280 unless width > 1). Groups follow the paper's seven bottleneck stages:
 * `stem` (Conv1), `block1`..`block7` (Keras block ids 0, 1-2, 3-5, 6-9, 10-12, 13-15, 16), `top`
 * (Conv_1 and the global pool), `head`. torchvision's build pads its stride-2 3x3 convs by 1 on
 * every side where Keras pads by parity, uses PyTorch's batch-norm constants (eps 1e-5, momentum
 * 0.1), and scales channels by `_make_divisible(c * width)` where Keras truncates first.
 */

/** [expansion, filters, repeats, stride] per stage, as in the paper. */
const STAGES: [number, number, number, number][] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

interface Style {
  bn: () => ReturnType<typeof batchnorm>;
  /** The padding before a stride-2 3x3 conv of an input of `shape`. */
  pad: (shape: number[]) => ReturnType<typeof correctPad> | number;
  filters: (channels: number, width: number) => number;
}

const KERAS: Style = {
  bn: () => batchnorm({ epsilon: 1e-3, momentum: 0.999 }),
  pad: (shape) => correctPad(shape, 3),
  filters: (channels, width) => makeDivisible(Math.trunc(channels * width)),
};

const TORCHVISION: Style = {
  bn: () => batchnorm({ epsilon: 1e-5, momentum: 0.9 }),
  pad: () => 1,
  filters: (channels, width) => makeDivisible(channels * width),
};

interface Block {
  id: number;
  path: string;
  expansion: number;
  filters: number;
  stride: number;
}

function invertedResidual(b: GraphBuilder, input: string, block: Block, style: Style): string {
  const bn = style.bn;
  const { id, path, expansion, filters, stride } = block;
  const inChannels = b.channels(input);
  const prefix = id === 0 ? "expanded_conv_" : `block_${id}_`;
  let x = input;
  if (id !== 0) {
    x = b.add(
      `${path}.expand`,
      `${prefix}expand`,
      conv(expansion * inChannels, 1, { padding: "same", bias: false }),
      x,
    );
    x = b.add(`${path}.expand_bn`, `${prefix}expand_BN`, bn(), x);
    x = b.add(`${path}.expand_relu`, `${prefix}expand_relu`, relu(6), x);
  }
  if (stride === 2) x = b.add(`${path}.pad`, `${prefix}pad`, zeropad(style.pad(b.shape(x))), x);
  const padding = stride === 1 ? "same" : "valid";
  x = b.add(`${path}.depthwise`, `${prefix}depthwise`, depthwise(3, { strides: stride, padding, bias: false }), x);
  x = b.add(`${path}.depthwise_bn`, `${prefix}depthwise_BN`, bn(), x);
  x = b.add(`${path}.depthwise_relu`, `${prefix}depthwise_relu`, relu(6), x);
  x = b.add(`${path}.project`, `${prefix}project`, conv(filters, 1, { padding: "same", bias: false }), x);
  x = b.add(`${path}.project_bn`, `${prefix}project_BN`, bn(), x);
  if (inChannels === filters && stride === 1) x = b.add(`${path}.add`, `${prefix}add`, add, input, x);
  return x;
}

export const mobilenetV2: ArchitectureDefinition = {
  name: "mobilenet_v2",
  description: "MobileNetV2: Keras Applications or torchvision",
  variants: ["keras", "torchvision"],
  defaultInput: { height: 224, width: 224 },
  minInput: { height: 1, width: 1 },
  groups: ["stem", "block1", "block2", "block3", "block4", "block5", "block6", "block7", "top", "head"],
  backbone(b: GraphBuilder, { width, variant }: DescribeOptions & { variant: Variant }) {
    const style = variant === "torchvision" ? TORCHVISION : KERAS;
    const bn = style.bn;
    const first = makeDivisible(32 * width);
    let x = b.input;
    // Keras's Conv1 is "same"-padded (asymmetric on even sizes); torchvision pads by 1 on every side.
    if (style === TORCHVISION) x = b.add("stem.pad", "Conv1_pad", zeropad(1), x);
    const padding = style === TORCHVISION ? "valid" : "same";
    x = b.add("stem.conv", "Conv1", conv(first, 3, { strides: 2, padding, bias: false }), x);
    x = b.add("stem.bn", "bn_Conv1", bn(), x);
    x = b.add("stem.relu", "Conv1_relu", relu(6), x);
    let id = 0;
    STAGES.forEach(([expansion, filters, repeats, stride], stage) => {
      for (let i = 0; i < repeats; i++) {
        const block = {
          id,
          path: `block${stage + 1}.${i}`,
          expansion,
          filters: style.filters(filters, width),
          stride: i === 0 ? stride : 1,
        };
        x = invertedResidual(b, x, block, style);
        id++;
      }
    });
    const last = width > 1 ? makeDivisible(1280 * width) : 1280;
    x = b.add("top.conv", "Conv_1", conv(last, 1, { bias: false }), x);
    x = b.add("top.bn", "Conv_1_bn", bn(), x);
    x = b.add("top.relu", "out_relu", relu(6), x);
    return b.add("top.avgpool", b.auto("global_average_pooling2d"), globalAvgPool, x);
  },
};
