import { expect, test } from "vitest";
import { thtl, workspace } from "./helpers.js";

const SOURCE = `domain imagenet { weights "w/{model}" }
domain d { data synth larynx 10; image 32x32 }
schedule s {
  defaults { epochs 2 }
  stage head { train head; lr 1e-3 }
  stage top { unfreeze layer4, "layer3.1.**"; lr 1e-4 }
}
experiment e { models resnet18; seeds 1, 2; chain imagenet -> d with s }
`;

test("per run, hop and stage: trainable groups, parameters, epochs, lr; then the grid", async () => {
  const { code, out, err } = await thtl(
    ["explain", "x.thtl", "--run", "e/resnet18/seed2"],
    workspace({ "x.thtl": SOURCE }),
  );
  expect({ code, err }).toEqual({ code: 0, err: "" });
  expect(out).toBe(
    [
      "e/resnet18/seed2: resnet18 at 32x32 rgb, from 'imagenet' weights (w/resnet18)",
      "",
      "  hop 1: d (2 classes, new head)",
      "    stage  trainable                        params                         epochs  lr",
      "    head   head                             1,026 / 11,177,538      0.01%  2       1e-3",
      "    top    layer3 (7 layers), layer4, head  9,575,426 / 11,177,538  85.7%  2       1e-4",
      "",
      "          d",
      "          head  top",
      "  stem    ·     ·",
      "  layer1  ·     ·",
      "  layer2  ·     ·",
      "  layer3  ·     □",
      "  layer4  ·     ■",
      "  head    ■     ■",
      "  ■ trainable  □ partly trainable  · frozen",
      "",
    ].join("\n"),
  );
});

test("--ascii, or a locale that is not UTF-8, draws the grid in ASCII", async () => {
  const dir = workspace({ "x.thtl": SOURCE });
  const ascii = await thtl(["explain", "x.thtl", "--run", "e/resnet18/seed1", "--ascii"], dir);
  expect(ascii.out.split("\n").slice(-4)).toEqual([
    "  layer4  .     #",
    "  head    #     #",
    "  # trainable  + partly trainable  . frozen",
    "",
  ]);
  const latin1 = await thtl(["explain", "x.thtl", "--run", "e/resnet18/seed1"], dir, { LANG: "en_US.ISO-8859-1" });
  expect(latin1.out).toBe(ascii.out);
});

test("every run by default; --json has the same content", async () => {
  const dir = workspace({ "x.thtl": SOURCE });
  const text = await thtl(["explain", "x.thtl"], dir);
  expect(text.out.match(/^e\/\S+:/gm)).toEqual(["e/resnet18/seed1:", "e/resnet18/seed2:"]);
  const json = JSON.parse((await thtl(["explain", "x.thtl", "--json"], dir)).out);
  expect(json.runs.map((run: { id: string }) => run.id)).toEqual(["e/resnet18/seed1", "e/resnet18/seed2"]);
  expect(json.runs[0].hops[0].stages[1]).toMatchObject({
    name: "top",
    trainable: ["layer4", "head"],
    // layer4 (8,393,728) + layer3's second block (1,180,672) + a 2-class head (1,026)
    trainableParams: 9_575_426,
    totalParams: 11_177_538,
    epochs: 2,
    lr: 1e-4,
    grid: {
      stem: "frozen",
      layer1: "frozen",
      layer2: "frozen",
      layer3: "partial",
      layer4: "trainable",
      head: "trainable",
    },
  });
});

test("an unknown run is a usage error that suggests the closest", async () => {
  const { code, err } = await thtl(["explain", "x.thtl", "--run", "e/resnet18/seed3"], workspace({ "x.thtl": SOURCE }));
  expect(code).toBe(2);
  expect(err.split("\n")[0]).toBe(
    "thtl explain: there is no run 'e/resnet18/seed3' in x.thtl; did you mean 'e/resnet18/seed1'? (runs: e/resnet18/seed1, e/resnet18/seed2)",
  );
});

test("a file with errors: diagnostics and exit 1", async () => {
  const { code, out, err } = await thtl(
    ["explain", "x.thtl"],
    workspace({ "x.thtl": SOURCE.replace("layer4,", "layer5,") }),
  );
  expect({ code, out }).toEqual({ code: 1, out: "" });
  expect(err.split("\n")[0]).toBe(
    "x.thtl:6:24: error THTL2055: 'layer5' matches nothing in model 'resnet18' (groups: stem, layer1, layer2, layer3, layer4, head); did you mean 'layer1'?",
  );
});
