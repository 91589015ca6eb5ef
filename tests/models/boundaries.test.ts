import { expect, test } from "vitest";
import { groupBoundary } from "../../src/models/boundaries.js";
import { ARCHITECTURE_NAMES, defaultOptions, getArchitecture, getLayerGraph } from "../../src/models/catalogue.js";

test("every group but head ends at a single tensor in every architecture", () => {
  for (const name of ARCHITECTURE_NAMES) {
    const info = getArchitecture(name)!;
    const summary = info.describe(defaultOptions(info));
    expect(
      summary.groups.map((group) => [group.name, group.singleTensorOutput]),
      name,
    ).toEqual(info.groups.map((group) => [group, group !== "head"]));
  }
});

test("the boundary is the group's last layer", () => {
  const graph = getLayerGraph("resnet18", defaultOptions(getArchitecture("resnet18")!));
  expect(groupBoundary(graph, "stem")).toBe("pool1_pool");
  expect(groupBoundary(graph, "layer3")).toBe("conv4_block2_out");
  expect(groupBoundary(graph, "layer4")).toBe("avg_pool");
  expect(groupBoundary(graph, "head")).toBeUndefined();
  expect(groupBoundary(graph, "layer9")).toBeUndefined();
});

test("a cut that two tensors cross is not a boundary", () => {
  const graph = getLayerGraph("resnet18", defaultOptions(getArchitecture("resnet18")!));
  // Move the first block's residual add into the next group: its skip input then crosses the cut.
  const moved = graph.layers.map((layer) =>
    layer.name === "conv2_block1_out" ? { ...layer, group: "layer2" } : layer,
  );
  const broken = {
    ...graph,
    layers: moved.map((layer) => (layer.name === "conv2_block1_add" ? { ...layer, group: "layer2" } : layer)),
  };
  expect(groupBoundary(broken, "layer1")).toBeUndefined();
});
