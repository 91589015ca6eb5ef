import type { GraphBuilder } from "../builder.js";
import { scaleChannels } from "../channels.js";
import type { Pair, Padding } from "../graph.js";
import { activation, avgpool, batchnorm, concat, conv, globalAvgPool, maxpool, zeropad } from "../layers.js";
import type { DescribeOptions, Variant } from "../types.js";
import type { ArchitectureDefinition } from "./definition.js";

/**
 * InceptionV3 as in Keras Applications: every conv is Keras's `conv2d_bn` (no bias, batch norm
 * without scale, ReLU) under Keras's automatic names (`conv2d`, `conv2d_1`, ...) in Keras's
 * construction order, so converted weights load by name. Groups: `stem` (torchvision's
 * Conv2d_1a..Conv2d_4a and both max pools), `mixed0`..`mixed10` (Keras's concatenations;
 * torchvision's Mixed_5b..Mixed_7c), `head`. Branch paths use torchvision's names.
 * torchvision's build differs in two places: its batch norms have a scale (gamma) and momentum 0.1
 * (Keras's 0.9), and its 3x3 average pools count the zero padding (`count_include_pad`), where
 * Keras's "same" pools average only the pixels inside the image; so it pads explicitly by 1.
 * Its `transform_input` is a per-channel affine map of ImageNet-normalised input that, composed
 * with that normalisation, maps pixels to [-1, 1]: the variant's preprocessing says so instead.
 */

type Unit = (x: string, path: string, filters: number, kernel: Pair, strides?: number, padding?: Padding) => string;
type Pool = (x: string, group: string) => string;

function units(b: GraphBuilder, width: number, variant: Variant): Unit {
  const bn = variant === "torchvision" ? batchnorm({ momentum: 0.9 }) : batchnorm({ scale: false });
  return (x, path, filters, kernel, strides = 1, padding = "same") => {
    const spec = conv(scaleChannels(filters, width), kernel, { strides, padding, bias: false });
    const y = b.add(`${path}.conv`, b.auto("conv2d"), spec, x);
    const normalized = b.add(`${path}.bn`, b.auto("batch_normalization"), bn, y);
    return b.add(`${path}.relu`, b.auto("activation"), activation("relu"), normalized);
  };
}

/** The 3x3 stride-1 average pool of the A, C and E blocks' pool branch. */
function pools(b: GraphBuilder, variant: Variant): Pool {
  if (variant === "keras")
    return (x, group) => b.add(`${group}.branch_pool.pool`, b.auto("average_pooling2d"), avgpool(3, 1, "same"), x);
  return (x, group) => {
    const padded = b.add(`${group}.branch_pool.pad`, b.auto("zero_padding2d"), zeropad(1), x);
    return b.add(`${group}.branch_pool.pool`, b.auto("average_pooling2d"), avgpool(3, 1), padded);
  };
}

/** Mixed 0-2 (torchvision InceptionA), 35x35. */
function inceptionA(b: GraphBuilder, unit: Unit, pool: Pool, x: string, group: string, poolFilters: number): string {
  const branch1x1 = unit(x, `${group}.branch1x1`, 64, [1, 1]);
  let branch5x5 = unit(x, `${group}.branch5x5_1`, 48, [1, 1]);
  branch5x5 = unit(branch5x5, `${group}.branch5x5_2`, 64, [5, 5]);
  let branch3x3dbl = unit(x, `${group}.branch3x3dbl_1`, 64, [1, 1]);
  branch3x3dbl = unit(branch3x3dbl, `${group}.branch3x3dbl_2`, 96, [3, 3]);
  branch3x3dbl = unit(branch3x3dbl, `${group}.branch3x3dbl_3`, 96, [3, 3]);
  const pooled = pool(x, group);
  const branchPool = unit(pooled, `${group}.branch_pool`, poolFilters, [1, 1]);
  return b.add(`${group}.concat`, group, concat, branch1x1, branch5x5, branch3x3dbl, branchPool);
}

/** Mixed 3 (InceptionB), 35x35 -> 17x17. */
function inceptionB(b: GraphBuilder, unit: Unit, x: string, group: string): string {
  const branch3x3 = unit(x, `${group}.branch3x3`, 384, [3, 3], 2, "valid");
  let branch3x3dbl = unit(x, `${group}.branch3x3dbl_1`, 64, [1, 1]);
  branch3x3dbl = unit(branch3x3dbl, `${group}.branch3x3dbl_2`, 96, [3, 3]);
  branch3x3dbl = unit(branch3x3dbl, `${group}.branch3x3dbl_3`, 96, [3, 3], 2, "valid");
  const branchPool = b.add(`${group}.pool`, b.auto("max_pooling2d"), maxpool(3, 2), x);
  return b.add(`${group}.concat`, group, concat, branch3x3, branch3x3dbl, branchPool);
}

/** Mixed 4-7 (InceptionC), 17x17, with `c7` channels in the 7x7 branches. */
function inceptionC(b: GraphBuilder, unit: Unit, pool: Pool, x: string, group: string, c7: number): string {
  const branch1x1 = unit(x, `${group}.branch1x1`, 192, [1, 1]);
  let branch7x7 = unit(x, `${group}.branch7x7_1`, c7, [1, 1]);
  branch7x7 = unit(branch7x7, `${group}.branch7x7_2`, c7, [1, 7]);
  branch7x7 = unit(branch7x7, `${group}.branch7x7_3`, 192, [7, 1]);
  let branch7x7dbl = unit(x, `${group}.branch7x7dbl_1`, c7, [1, 1]);
  branch7x7dbl = unit(branch7x7dbl, `${group}.branch7x7dbl_2`, c7, [7, 1]);
  branch7x7dbl = unit(branch7x7dbl, `${group}.branch7x7dbl_3`, c7, [1, 7]);
  branch7x7dbl = unit(branch7x7dbl, `${group}.branch7x7dbl_4`, c7, [7, 1]);
  branch7x7dbl = unit(branch7x7dbl, `${group}.branch7x7dbl_5`, 192, [1, 7]);
  const pooled = pool(x, group);
  const branchPool = unit(pooled, `${group}.branch_pool`, 192, [1, 1]);
  return b.add(`${group}.concat`, group, concat, branch1x1, branch7x7, branch7x7dbl, branchPool);
}

/** Mixed 8 (InceptionD), 17x17 -> 8x8. */
function inceptionD(b: GraphBuilder, unit: Unit, x: string, group: string): string {
  let branch3x3 = unit(x, `${group}.branch3x3_1`, 192, [1, 1]);
  branch3x3 = unit(branch3x3, `${group}.branch3x3_2`, 320, [3, 3], 2, "valid");
  let branch7x7x3 = unit(x, `${group}.branch7x7x3_1`, 192, [1, 1]);
  branch7x7x3 = unit(branch7x7x3, `${group}.branch7x7x3_2`, 192, [1, 7]);
  branch7x7x3 = unit(branch7x7x3, `${group}.branch7x7x3_3`, 192, [7, 1]);
  branch7x7x3 = unit(branch7x7x3, `${group}.branch7x7x3_4`, 192, [3, 3], 2, "valid");
  const branchPool = b.add(`${group}.pool`, b.auto("max_pooling2d"), maxpool(3, 2), x);
  return b.add(`${group}.concat`, group, concat, branch3x3, branch7x7x3, branchPool);
}

/** Mixed 9-10 (InceptionE), 8x8; `index` names Keras's inner concatenation `mixed9_0` / `mixed9_1`. */
function inceptionE(b: GraphBuilder, unit: Unit, pool: Pool, x: string, group: string, index: number): string {
  const branch1x1 = unit(x, `${group}.branch1x1`, 320, [1, 1]);
  const branch3x3 = unit(x, `${group}.branch3x3_1`, 384, [1, 1]);
  const branch3x3a = unit(branch3x3, `${group}.branch3x3_2a`, 384, [1, 3]);
  const branch3x3b = unit(branch3x3, `${group}.branch3x3_2b`, 384, [3, 1]);
  const joined3x3 = b.add(`${group}.branch3x3_concat`, `mixed9_${index}`, concat, branch3x3a, branch3x3b);
  let branch3x3dbl = unit(x, `${group}.branch3x3dbl_1`, 448, [1, 1]);
  branch3x3dbl = unit(branch3x3dbl, `${group}.branch3x3dbl_2`, 384, [3, 3]);
  const branch3x3dblA = unit(branch3x3dbl, `${group}.branch3x3dbl_3a`, 384, [1, 3]);
  const branch3x3dblB = unit(branch3x3dbl, `${group}.branch3x3dbl_3b`, 384, [3, 1]);
  const joinedDbl = b.add(`${group}.branch3x3dbl_concat`, b.auto("concatenate"), concat, branch3x3dblA, branch3x3dblB);
  const pooled = pool(x, group);
  const branchPool = unit(pooled, `${group}.branch_pool`, 192, [1, 1]);
  return b.add(`${group}.concat`, group, concat, branch1x1, joined3x3, joinedDbl, branchPool);
}

export const inceptionV3: ArchitectureDefinition = {
  name: "inception_v3",
  description: "InceptionV3: Keras Applications or torchvision",
  variants: ["keras", "torchvision"],
  defaultInput: { height: 299, width: 299 },
  minInput: { height: 75, width: 75 },
  groups: ["stem", ...Array.from({ length: 11 }, (_, i) => `mixed${i}`), "head"],
  backbone(b: GraphBuilder, { width, variant }: DescribeOptions & { variant: Variant }) {
    const unit = units(b, width, variant);
    const pool = pools(b, variant);
    let x = unit(b.input, "stem.Conv2d_1a_3x3", 32, [3, 3], 2, "valid");
    x = unit(x, "stem.Conv2d_2a_3x3", 32, [3, 3], 1, "valid");
    x = unit(x, "stem.Conv2d_2b_3x3", 64, [3, 3]);
    x = b.add("stem.maxpool1", b.auto("max_pooling2d"), maxpool(3, 2), x);
    x = unit(x, "stem.Conv2d_3b_1x1", 80, [1, 1], 1, "valid");
    x = unit(x, "stem.Conv2d_4a_3x3", 192, [3, 3], 1, "valid");
    x = b.add("stem.maxpool2", b.auto("max_pooling2d"), maxpool(3, 2), x);
    x = inceptionA(b, unit, pool, x, "mixed0", 32);
    x = inceptionA(b, unit, pool, x, "mixed1", 64);
    x = inceptionA(b, unit, pool, x, "mixed2", 64);
    x = inceptionB(b, unit, x, "mixed3");
    [128, 160, 160, 192].forEach((c7, i) => (x = inceptionC(b, unit, pool, x, `mixed${4 + i}`, c7)));
    x = inceptionD(b, unit, x, "mixed8");
    x = inceptionE(b, unit, pool, x, "mixed9", 0);
    x = inceptionE(b, unit, pool, x, "mixed10", 1);
    return b.add("mixed10.avgpool", "avg_pool", globalAvgPool, x);
  },
};
