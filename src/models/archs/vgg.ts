import type { GraphBuilder } from "../builder.js";
import { scaleChannels } from "../channels.js";
import { adaptiveAvgPool, conv, dense, dropout, flatten, maxpool } from "../layers.js";
import type { DescribeOptions, Variant } from "../types.js";
import type { ArchitectureDefinition } from "./definition.js";

/**
 * VGG16 as in Keras Applications: five conv blocks (ReLU inside each conv, as Keras has it), then
 * `classifier` = flatten, fc1 and fc2 (4096 units each, scaled by width). The fully connected
 * layers' size depends on the input: 7x7x512 features at 224x224. torchvision's build pools the
 * features adaptively to 7x7 first (so fc1 has the same size at every input) and has dropout
 * (0.5) after fc1 and fc2.
 */

const BLOCKS: [filters: number, convs: number][] = [
  [64, 2],
  [128, 2],
  [256, 3],
  [512, 3],
  [512, 3],
];

export const vgg16: ArchitectureDefinition = {
  name: "vgg16",
  description: "VGG-16: Keras Applications or torchvision",
  variants: ["keras", "torchvision"],
  defaultInput: { height: 224, width: 224 },
  minInput: { height: 32, width: 32 },
  groups: ["block1", "block2", "block3", "block4", "block5", "classifier", "head"],
  backbone(b: GraphBuilder, { width, variant }: DescribeOptions & { variant: Variant }) {
    const torchvision = variant === "torchvision";
    let x = b.input;
    BLOCKS.forEach(([filters, convs], index) => {
      const block = `block${index + 1}`;
      for (let i = 1; i <= convs; i++) {
        const spec = conv(scaleChannels(filters, width), 3, { padding: "same", activation: "relu" });
        x = b.add(`${block}.conv${i}`, `${block}_conv${i}`, spec, x);
      }
      x = b.add(`${block}.pool`, `${block}_pool`, maxpool(2, 2), x);
    });
    if (torchvision) x = b.add("classifier.avgpool", "avgpool", adaptiveAvgPool(7), x);
    x = b.add("classifier.flatten", "flatten", flatten, x);
    x = b.add("classifier.fc1", "fc1", dense(scaleChannels(4096, width), "relu"), x);
    if (torchvision) x = b.add("classifier.dropout1", "fc1_dropout", dropout(0.5), x);
    x = b.add("classifier.fc2", "fc2", dense(scaleChannels(4096, width), "relu"), x);
    return torchvision ? b.add("classifier.dropout2", "fc2_dropout", dropout(0.5), x) : x;
  },
};
