import type { GraphBuilder } from "../builder.js";
import { scaleChannels } from "../channels.js";
import { activation, avgpool, batchnorm, concat, conv, globalAvgPool, maxpool, zeropad } from "../layers.js";
import type { DescribeOptions, Variant } from "../types.js";
import type { ArchitectureDefinition } from "./definition.js";

/**
 * DenseNet-121 as in Keras Applications (names such as `conv2_block1_1_conv`, `pool2_conv`; the
 * two unnamed paddings get Keras's automatic names). Groups follow torchvision's `features`:
 * `stem`, then `denseblockN` / `transitionN`; the final norm5 and global pool close `denseblock4`.
 * Width scales the stem (64) and the growth rate (32); transitions halve the channels as Keras does.
 * torchvision's build is the same graph with PyTorch's batch-norm constants (eps 1e-5, momentum 0.1).
 */

const BLOCKS = [6, 12, 24, 16];
const KERAS_BN = { epsilon: 1.001e-5 };
const TORCH_BN = { epsilon: 1e-5, momentum: 0.9 };

type Bn = typeof KERAS_BN | typeof TORCH_BN;

function stem(b: GraphBuilder, width: number, constants: Bn): string {
  const bn = batchnorm(constants);
  let x = b.add("stem.pad0", b.auto("zero_padding2d"), zeropad(3), b.input);
  x = b.add("stem.conv0", "conv1/conv", conv(scaleChannels(64, width), 7, { strides: 2, bias: false }), x);
  x = b.add("stem.norm0", "conv1/bn", bn, x);
  x = b.add("stem.relu0", "conv1/relu", activation("relu"), x);
  x = b.add("stem.pool0_pad", b.auto("zero_padding2d"), zeropad(1), x);
  return b.add("stem.pool0", "pool1", maxpool(3, 2), x);
}

function denseLayer(b: GraphBuilder, x: string, name: string, path: string, growth: number, constants: Bn): string {
  const bn = batchnorm(constants);
  let y = b.add(`${path}.norm1`, `${name}_0_bn`, bn, x);
  y = b.add(`${path}.relu1`, `${name}_0_relu`, activation("relu"), y);
  y = b.add(`${path}.conv1`, `${name}_1_conv`, conv(4 * growth, 1, { bias: false }), y);
  y = b.add(`${path}.norm2`, `${name}_1_bn`, bn, y);
  y = b.add(`${path}.relu2`, `${name}_1_relu`, activation("relu"), y);
  y = b.add(`${path}.conv2`, `${name}_2_conv`, conv(growth, 3, { padding: "same", bias: false }), y);
  return b.add(`${path}.concat`, `${name}_concat`, concat, x, y);
}

function transition(b: GraphBuilder, x: string, name: string, group: string, constants: Bn): string {
  const filters = Math.floor(b.channels(x) * 0.5);
  let y = b.add(`${group}.norm`, `${name}_bn`, batchnorm(constants), x);
  y = b.add(`${group}.relu`, `${name}_relu`, activation("relu"), y);
  y = b.add(`${group}.conv`, `${name}_conv`, conv(filters, 1, { bias: false }), y);
  return b.add(`${group}.pool`, `${name}_pool`, avgpool(2, 2), y);
}

export const densenet121: ArchitectureDefinition = {
  name: "densenet121",
  description: "DenseNet-121: Keras Applications or torchvision",
  variants: ["keras", "torchvision"],
  defaultInput: { height: 224, width: 224 },
  minInput: { height: 29, width: 29 },
  groups: [
    "stem",
    "denseblock1",
    "transition1",
    "denseblock2",
    "transition2",
    "denseblock3",
    "transition3",
    "denseblock4",
    "head",
  ],
  backbone(b: GraphBuilder, { width, variant }: DescribeOptions & { variant: Variant }) {
    const constants = variant === "torchvision" ? TORCH_BN : KERAS_BN;
    const growth = scaleChannels(32, width);
    let x = stem(b, width, constants);
    BLOCKS.forEach((layers, index) => {
      const group = `denseblock${index + 1}`;
      for (let i = 1; i <= layers; i++) {
        x = denseLayer(b, x, `conv${index + 2}_block${i}`, `${group}.denselayer${i}`, growth, constants);
      }
      if (index < BLOCKS.length - 1) x = transition(b, x, `pool${index + 2}`, `transition${index + 1}`, constants);
    });
    x = b.add("denseblock4.norm5", "bn", batchnorm(constants), x);
    x = b.add("denseblock4.relu5", "relu", activation("relu"), x);
    return b.add("denseblock4.avgpool", "avg_pool", globalAvgPool, x);
  },
};
