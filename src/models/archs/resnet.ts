import type { GraphBuilder } from "../builder.js";
import { scaleChannels } from "../channels.js";
import { activation, add, batchnorm, conv, globalAvgPool, maxpool, zeropad } from "../layers.js";
import type { DescribeOptions, Variant } from "../types.js";
import type { ArchitectureDefinition } from "./definition.js";

/**
 * ResNets. ResNet50 comes in both builds: Keras Applications' v1 (stride on the first 1x1 conv,
 * conv biases, BN epsilon 1.001e-5) and torchvision's v1.5 (stride on the 3x3 conv, no conv
 * biases, BN epsilon 1e-5, momentum 0.9 as torchvision's 0.1). ResNet18/34 exist only in
 * torchvision (BasicBlock). All use Keras-style names; torchvision's stride-2 3x3 convs pad
 * explicitly by 1 on every side, as torchvision does, so that its weights compute the same.
 */

const GROUPS = ["stem", "layer1", "layer2", "layer3", "layer4", "head"] as const;

interface Style {
  epsilon: number;
  momentum: number;
  bias: boolean;
}

const KERAS: Style = { epsilon: 1.001e-5, momentum: 0.99, bias: true };
const TORCHVISION: Style = { epsilon: 1e-5, momentum: 0.9, bias: false };

function stem(b: GraphBuilder, width: number, style: Style): string {
  const bn = batchnorm({ epsilon: style.epsilon, momentum: style.momentum });
  let x = b.add("stem.pad1", "conv1_pad", zeropad(3), b.input);
  x = b.add("stem.conv1", "conv1_conv", conv(scaleChannels(64, width), 7, { strides: 2, bias: style.bias }), x);
  x = b.add("stem.bn1", "conv1_bn", bn, x);
  x = b.add("stem.relu", "conv1_relu", activation("relu"), x);
  x = b.add("stem.maxpool_pad", "pool1_pad", zeropad(1), x);
  return b.add("stem.maxpool", "pool1_pool", maxpool(3, 2), x);
}

interface Block {
  prefix: string;
  path: string;
  /** Channels of the block's 3x3 convs at width 1. */
  base: number;
  width: number;
  stride: number;
}

function shortcut(b: GraphBuilder, x: string, block: Block, filters: number, style: Style): string {
  const { prefix, path, stride } = block;
  const bn = batchnorm({ epsilon: style.epsilon, momentum: style.momentum });
  const projected = b.add(
    `${path}.downsample.0`,
    `${prefix}_0_conv`,
    conv(filters, 1, { strides: stride, bias: style.bias }),
    x,
  );
  return b.add(`${path}.downsample.1`, `${prefix}_0_bn`, bn, projected);
}

function basicBlock(b: GraphBuilder, x: string, block: Block): string {
  const { prefix, path, stride } = block;
  const filters = scaleChannels(block.base, block.width);
  const bn = batchnorm({ epsilon: TORCHVISION.epsilon, momentum: TORCHVISION.momentum });
  const needsProjection = stride !== 1 || b.channels(x) !== filters;
  const residual = needsProjection ? shortcut(b, x, block, filters, TORCHVISION) : x;
  let y = stride === 1 ? x : b.add(`${path}.pad1`, `${prefix}_1_pad`, zeropad(1), x);
  const padding = stride === 1 ? "same" : "valid";
  y = b.add(`${path}.conv1`, `${prefix}_1_conv`, conv(filters, 3, { strides: stride, padding, bias: false }), y);
  y = b.add(`${path}.bn1`, `${prefix}_1_bn`, bn, y);
  y = b.add(`${path}.relu1`, `${prefix}_1_relu`, activation("relu"), y);
  y = b.add(`${path}.conv2`, `${prefix}_2_conv`, conv(filters, 3, { padding: "same", bias: false }), y);
  y = b.add(`${path}.bn2`, `${prefix}_2_bn`, bn, y);
  y = b.add(`${path}.add`, `${prefix}_add`, add, residual, y);
  return b.add(`${path}.relu`, `${prefix}_out`, activation("relu"), y);
}

/** Keras's v1 strides in the first 1x1 conv; torchvision's v1.5 in the 3x3, padded by 1 on every side. */
function bottleneck(b: GraphBuilder, x: string, block: Block, first: boolean, style: Style): string {
  const { prefix, path, stride } = block;
  const filters = scaleChannels(block.base, block.width);
  const outputs = scaleChannels(4 * block.base, block.width);
  const bn = batchnorm({ epsilon: style.epsilon, momentum: style.momentum });
  const v15 = style === TORCHVISION;
  const residual = first ? shortcut(b, x, block, outputs, style) : x;
  let y = b.add(
    `${path}.conv1`,
    `${prefix}_1_conv`,
    conv(filters, 1, { strides: v15 ? 1 : stride, bias: style.bias }),
    x,
  );
  y = b.add(`${path}.bn1`, `${prefix}_1_bn`, bn, y);
  y = b.add(`${path}.relu1`, `${prefix}_1_relu`, activation("relu"), y);
  const strided = v15 && stride !== 1;
  if (strided) y = b.add(`${path}.pad2`, `${prefix}_2_pad`, zeropad(1), y);
  const middle = conv(filters, 3, {
    strides: strided ? stride : 1,
    padding: strided ? "valid" : "same",
    bias: style.bias,
  });
  y = b.add(`${path}.conv2`, `${prefix}_2_conv`, middle, y);
  y = b.add(`${path}.bn2`, `${prefix}_2_bn`, bn, y);
  y = b.add(`${path}.relu2`, `${prefix}_2_relu`, activation("relu"), y);
  y = b.add(`${path}.conv3`, `${prefix}_3_conv`, conv(outputs, 1, { bias: style.bias }), y);
  y = b.add(`${path}.bn3`, `${prefix}_3_bn`, bn, y);
  y = b.add(`${path}.add`, `${prefix}_add`, add, residual, y);
  return b.add(`${path}.relu`, `${prefix}_out`, activation("relu"), y);
}

function resnet(
  name: string,
  depths: number[],
  kind: "basic" | "bottleneck",
  description: string,
  variants: Variant[],
): ArchitectureDefinition {
  return {
    name,
    description,
    variants,
    defaultInput: { height: 224, width: 224 },
    minInput: { height: 1, width: 1 },
    groups: GROUPS,
    backbone(b: GraphBuilder, { width, variant }: DescribeOptions & { variant: Variant }) {
      const style = variant === "torchvision" ? TORCHVISION : KERAS;
      let x = stem(b, width, style);
      depths.forEach((depth, stage) => {
        for (let i = 0; i < depth; i++) {
          const block: Block = {
            prefix: `conv${stage + 2}_block${i + 1}`,
            path: `layer${stage + 1}.${i}`,
            base: 64 * 2 ** stage,
            width,
            stride: i === 0 && stage > 0 ? 2 : 1,
          };
          x = kind === "basic" ? basicBlock(b, x, block) : bottleneck(b, x, block, i === 0, style);
        }
      });
      return b.add("layer4.avgpool", "avg_pool", globalAvgPool, x);
    },
  };
}

export const resnet18 = resnet("resnet18", [2, 2, 2, 2], "basic", "ResNet-18, torchvision BasicBlock", ["torchvision"]);
export const resnet34 = resnet("resnet34", [3, 4, 6, 3], "basic", "ResNet-34, torchvision BasicBlock", ["torchvision"]);
export const resnet50 = resnet(
  "resnet50",
  [3, 4, 6, 3],
  "bottleneck",
  "ResNet-50: Keras Applications v1 or torchvision v1.5",
  ["keras", "torchvision"],
);
