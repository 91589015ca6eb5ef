import type { GraphBuilder } from "../builder.js";
import { scaleChannels } from "../channels.js";
import { activation, add, batchnorm, conv, globalAvgPool, maxpool, separable } from "../layers.js";
import type { DescribeOptions } from "../types.js";
import type { ArchitectureDefinition } from "./definition.js";

/**
 * Xception as in Keras Applications, names included (the residual projections are unnamed in
 * Keras, so they get its automatic names `conv2d`, `batch_normalization`, `add`, ...). Groups are
 * Keras's blocks: `block1` (entry convs), `block2`..`block4` (entry flow), `block5`..`block12`
 * (middle flow), `block13`, `block14` (exit flow, with the global pool), `head`.
 */

const relu = activation("relu");

function entryBlock(b: GraphBuilder, x: string, block: string, filters: [number, number], firstRelu: boolean): string {
  const projection = conv(filters[1], 1, { strides: 2, padding: "same", bias: false });
  let residual = b.add(`${block}.residual.conv`, b.auto("conv2d"), projection, x);
  residual = b.add(`${block}.residual.bn`, b.auto("batch_normalization"), batchnorm(), residual);
  let y = firstRelu ? b.add(`${block}.sepconv1_act`, `${block}_sepconv1_act`, relu, x) : x;
  y = b.add(`${block}.sepconv1`, `${block}_sepconv1`, separable(filters[0], 3, { padding: "same", bias: false }), y);
  y = b.add(`${block}.sepconv1_bn`, `${block}_sepconv1_bn`, batchnorm(), y);
  y = b.add(`${block}.sepconv2_act`, `${block}_sepconv2_act`, relu, y);
  y = b.add(`${block}.sepconv2`, `${block}_sepconv2`, separable(filters[1], 3, { padding: "same", bias: false }), y);
  y = b.add(`${block}.sepconv2_bn`, `${block}_sepconv2_bn`, batchnorm(), y);
  y = b.add(`${block}.pool`, `${block}_pool`, maxpool(3, 2, "same"), y);
  return b.add(`${block}.add`, b.auto("add"), add, y, residual);
}

function middleBlock(b: GraphBuilder, x: string, block: string, filters: number): string {
  let y = x;
  for (let i = 1; i <= 3; i++) {
    y = b.add(`${block}.sepconv${i}_act`, `${block}_sepconv${i}_act`, relu, y);
    y = b.add(
      `${block}.sepconv${i}`,
      `${block}_sepconv${i}`,
      separable(filters, 3, { padding: "same", bias: false }),
      y,
    );
    y = b.add(`${block}.sepconv${i}_bn`, `${block}_sepconv${i}_bn`, batchnorm(), y);
  }
  return b.add(`${block}.add`, b.auto("add"), add, y, x);
}

export const xception: ArchitectureDefinition = {
  name: "xception",
  description: "Xception, Keras Applications",
  variants: ["keras"],
  defaultInput: { height: 299, width: 299 },
  minInput: { height: 7, width: 7 },
  groups: [...Array.from({ length: 14 }, (_, i) => `block${i + 1}`), "head"],
  backbone(b: GraphBuilder, { width }: DescribeOptions) {
    const c = (filters: number) => scaleChannels(filters, width);
    let x = b.add("block1.conv1", "block1_conv1", conv(c(32), 3, { strides: 2, bias: false }), b.input);
    x = b.add("block1.conv1_bn", "block1_conv1_bn", batchnorm(), x);
    x = b.add("block1.conv1_act", "block1_conv1_act", relu, x);
    x = b.add("block1.conv2", "block1_conv2", conv(c(64), 3, { bias: false }), x);
    x = b.add("block1.conv2_bn", "block1_conv2_bn", batchnorm(), x);
    x = b.add("block1.conv2_act", "block1_conv2_act", relu, x);
    x = entryBlock(b, x, "block2", [c(128), c(128)], false);
    x = entryBlock(b, x, "block3", [c(256), c(256)], true);
    x = entryBlock(b, x, "block4", [c(728), c(728)], true);
    for (let i = 5; i <= 12; i++) x = middleBlock(b, x, `block${i}`, c(728));
    x = entryBlock(b, x, "block13", [c(728), c(1024)], true);
    x = b.add("block14.sepconv1", "block14_sepconv1", separable(c(1536), 3, { padding: "same", bias: false }), x);
    x = b.add("block14.sepconv1_bn", "block14_sepconv1_bn", batchnorm(), x);
    x = b.add("block14.sepconv1_act", "block14_sepconv1_act", relu, x);
    x = b.add("block14.sepconv2", "block14_sepconv2", separable(c(2048), 3, { padding: "same", bias: false }), x);
    x = b.add("block14.sepconv2_bn", "block14_sepconv2_bn", batchnorm(), x);
    x = b.add("block14.sepconv2_act", "block14_sepconv2_act", relu, x);
    return b.add("block14.avgpool", "avg_pool", globalAvgPool, x);
  },
};
