import type { GraphBuilder } from "../builder.js";
import { makeDivisible } from "../channels.js";
import {
  activation,
  add,
  batchnorm,
  conv,
  correctPad,
  depthwise,
  dropout,
  globalAvgPool,
  multiply,
  reshape,
  zeropad,
} from "../layers.js";
import type { DescribeOptions, Variant } from "../types.js";
import type { ArchitectureDefinition } from "./definition.js";

/**
 * EfficientNet-B0 as in Keras Applications, without its Rescaling/Normalization preprocessing
 * layers (thtl normalises pixels itself). Width is Keras's `width_coefficient` (`round_filters`,
 * multiples of 8); stochastic depth (`blockNx_drop`, rate rising to 0.2) is kept. Groups:
 * `stem`, `block1`..`block7` (Keras `block1a`..`block7a`), `top` (top_conv and the pool), `head`.
 * torchvision's build pads its stride-2 convs by half the kernel on every side where Keras pads by
 * parity, and uses PyTorch's batch-norm constants (eps 1e-5, momentum 0.1) where Keras has 1e-3, 0.99.
 */

/** [kernel, repeats, filtersIn, filtersOut, expansion, stride] per stage (Keras DEFAULT_BLOCKS_ARGS). */
const STAGES: [number, number, number, number, number, number][] = [
  [3, 1, 32, 16, 1, 1],
  [3, 2, 16, 24, 6, 2],
  [5, 2, 24, 40, 6, 2],
  [3, 3, 40, 80, 6, 2],
  [5, 3, 80, 112, 6, 1],
  [5, 4, 112, 192, 6, 2],
  [3, 1, 192, 320, 6, 1],
];

const DROP_CONNECT_RATE = 0.2;
const SE_RATIO = 0.25;

interface Style {
  bn: () => ReturnType<typeof batchnorm>;
  /** The padding before a stride-2 conv with a `kernel`-wide window of an input of `shape`. */
  pad: (shape: number[], kernel: number) => ReturnType<typeof correctPad> | number;
}

const KERAS: Style = { bn: () => batchnorm(), pad: (shape, kernel) => correctPad(shape, kernel) };
const TORCHVISION: Style = {
  bn: () => batchnorm({ epsilon: 1e-5, momentum: 0.9 }),
  pad: (_shape, kernel) => Math.floor(kernel / 2),
};

interface Block {
  name: string;
  path: string;
  kernel: number;
  filtersIn: number;
  filtersOut: number;
  expansion: number;
  stride: number;
  dropRate: number;
}

function squeezeExcite(b: GraphBuilder, x: string, block: Block): string {
  const { name, path } = block;
  const filters = b.channels(x);
  const reduced = Math.max(1, Math.trunc(block.filtersIn * SE_RATIO));
  let se = b.add(`${path}.se_squeeze`, `${name}se_squeeze`, globalAvgPool, x);
  se = b.add(`${path}.se_reshape`, `${name}se_reshape`, reshape([1, 1, filters]), se);
  se = b.add(`${path}.se_reduce`, `${name}se_reduce`, conv(reduced, 1, { padding: "same", activation: "swish" }), se);
  se = b.add(`${path}.se_expand`, `${name}se_expand`, conv(filters, 1, { padding: "same", activation: "sigmoid" }), se);
  return b.add(`${path}.se_excite`, `${name}se_excite`, multiply, x, se);
}

function mbConv(b: GraphBuilder, input: string, block: Block, style: Style): string {
  const { name, path, kernel, expansion, stride } = block;
  let x = input;
  if (expansion !== 1) {
    x = b.add(
      `${path}.expand_conv`,
      `${name}expand_conv`,
      conv(block.filtersIn * expansion, 1, { padding: "same", bias: false }),
      x,
    );
    x = b.add(`${path}.expand_bn`, `${name}expand_bn`, style.bn(), x);
    x = b.add(`${path}.expand_activation`, `${name}expand_activation`, activation("swish"), x);
  }
  if (stride === 2) x = b.add(`${path}.dwconv_pad`, `${name}dwconv_pad`, zeropad(style.pad(b.shape(x), kernel)), x);
  const padding = stride === 2 ? "valid" : "same";
  x = b.add(`${path}.dwconv`, `${name}dwconv`, depthwise(kernel, { strides: stride, padding, bias: false }), x);
  x = b.add(`${path}.bn`, `${name}bn`, style.bn(), x);
  x = b.add(`${path}.activation`, `${name}activation`, activation("swish"), x);
  x = squeezeExcite(b, x, block);
  x = b.add(
    `${path}.project_conv`,
    `${name}project_conv`,
    conv(block.filtersOut, 1, { padding: "same", bias: false }),
    x,
  );
  x = b.add(`${path}.project_bn`, `${name}project_bn`, style.bn(), x);
  if (stride === 1 && block.filtersIn === block.filtersOut) {
    if (block.dropRate > 0) x = b.add(`${path}.drop`, `${name}drop`, dropout(block.dropRate, [null, 1, 1, 1]), x);
    x = b.add(`${path}.add`, `${name}add`, add, x, input);
  }
  return x;
}

export const efficientnetB0: ArchitectureDefinition = {
  name: "efficientnet_b0",
  description: "EfficientNet-B0: Keras Applications (without preprocessing layers) or torchvision",
  variants: ["keras", "torchvision"],
  defaultInput: { height: 224, width: 224 },
  minInput: { height: 1, width: 1 },
  groups: ["stem", "block1", "block2", "block3", "block4", "block5", "block6", "block7", "top", "head"],
  backbone(b: GraphBuilder, { width, variant }: DescribeOptions & { variant: Variant }) {
    const style = variant === "torchvision" ? TORCHVISION : KERAS;
    const round = (filters: number) => makeDivisible(filters * width);
    let x = b.add("stem.conv_pad", "stem_conv_pad", zeropad(style.pad(b.shape(b.input), 3)), b.input);
    x = b.add("stem.conv", "stem_conv", conv(round(32), 3, { strides: 2, bias: false }), x);
    x = b.add("stem.bn", "stem_bn", style.bn(), x);
    x = b.add("stem.activation", "stem_activation", activation("swish"), x);
    const total = STAGES.reduce((sum, stage) => sum + stage[1], 0);
    let index = 0;
    STAGES.forEach(([kernel, repeats, filtersIn, filtersOut, expansion, stride], stage) => {
      for (let i = 0; i < repeats; i++) {
        const block: Block = {
          name: `block${stage + 1}${String.fromCharCode(97 + i)}_`,
          path: `block${stage + 1}.${i}`,
          kernel,
          filtersIn: i === 0 ? round(filtersIn) : round(filtersOut),
          filtersOut: round(filtersOut),
          expansion,
          stride: i === 0 ? stride : 1,
          dropRate: (DROP_CONNECT_RATE * index) / total,
        };
        x = mbConv(b, x, block, style);
        index++;
      }
    });
    x = b.add("top.conv", "top_conv", conv(round(1280), 1, { padding: "same", bias: false }), x);
    x = b.add("top.bn", "top_bn", style.bn(), x);
    x = b.add("top.activation", "top_activation", activation("swish"), x);
    return b.add("top.avgpool", "avg_pool", globalAvgPool, x);
  },
};
