import { describe, expect, it } from "vitest";
import type * as A from "../../src/language/ast.js";
import { parse } from "../../src/language/parse.js";
import { tokenize } from "../../src/language/lexer.js";

/** The document of a valid source, without spans, for comparing structure. */
function ast(source: string): unknown {
  const { document, diagnostics } = parse(source, "t.thtl");
  expect(diagnostics).toEqual([]);
  return JSON.parse(JSON.stringify(document, (key, value) => (key === "span" ? undefined : value)));
}

function declarations(source: string): A.Declaration[] {
  const { document, diagnostics } = parse(source, "t.thtl");
  expect(diagnostics).toEqual([]);
  return document.declarations;
}

const name = (value: string) => ({ kind: "Name", value });
const num = (raw: string) => ({ kind: "Number", value: Number(raw), raw });

describe("parse", () => {
  it("accepts keywords as names (soft keywords)", () => {
    expect(
      ast(
        "schedule last { stage head { train head } stage last { train last } }\ndomain d { classes last, all, models }",
      ),
    ).toEqual({
      kind: "Document",
      file: "t.thtl",
      comments: [],
      declarations: [
        {
          kind: "Schedule",
          name: name("last"),
          stages: [
            {
              kind: "Stage",
              name: name("head"),
              statements: [{ kind: "Trainable", op: "train", selectors: [{ kind: "HeadSelector" }] }],
            },
            {
              kind: "Stage",
              name: name("last"),
              statements: [
                { kind: "Trainable", op: "train", selectors: [{ kind: "GroupSelector", name: name("last") }] },
              ],
            },
          ],
        },
        {
          kind: "Domain",
          name: name("d"),
          statements: [{ kind: "Classes", names: [name("last"), name("all"), name("models")] }],
        },
      ],
    });
  });

  it("lexes a keyword prefix inside a longer word as a name", () => {
    const images = tokenize("headcount models model stage_2 layer4 weight_decay weights").tokens.map(
      (t) => `${t.tokenType.name}:${t.image}`,
    );
    expect(images).toEqual([
      "Identifier:headcount",
      "Models:models",
      "Model:model",
      "Identifier:stage_2",
      "Identifier:layer4",
      "WeightDecay:weight_decay",
      "Weights:weights",
    ]);
  });

  it("reads every selector, including ranges, last N and globs", () => {
    const [schedule] = declarations(
      'schedule s { stage a { unfreeze layer2..layer4, last 2, all, stem, "layer4.1.*"; freeze head } }',
    ) as [A.ScheduleDecl];
    expect(
      JSON.parse(JSON.stringify(schedule.stages[0]!.statements, (k, v) => (k === "span" ? undefined : v))),
    ).toEqual([
      {
        kind: "Trainable",
        op: "unfreeze",
        selectors: [
          { kind: "RangeSelector", from: name("layer2"), to: name("layer4") },
          { kind: "LastSelector", count: num("2") },
          { kind: "AllSelector" },
          { kind: "GroupSelector", name: name("stem") },
          { kind: "GlobSelector", pattern: { kind: "String", value: "layer4.1.*" } },
        ],
      },
      { kind: "Trainable", op: "freeze", selectors: [{ kind: "HeadSelector" }] },
    ]);
  });

  it("reads every setting", () => {
    const source = `schedule s { defaults { epochs 12; batch 32 } stage a {
      optimizer sgd momentum 0.9
      lr 1e-4 cosine
      lr 3.0E+2 step 2 0.5
      lr layer4 1e-3
      lr last 2 1e-3
      weight_decay 0
      batchnorm frozen
      early_stop val_loss patience 3
      keep best
    } }`;
    const [schedule] = declarations(source) as [A.ScheduleDecl];
    expect(schedule.defaults!.settings.map((s) => s.kind)).toEqual(["Epochs", "Batch"]);
    const kinds = schedule.stages[0]!.statements.map((s) => {
      if (s.kind === "Lr") return `Lr ${s.value.value} ${s.decay?.kind ?? "constant"}`;
      if (s.kind === "GroupLr") return `GroupLr ${s.selector.kind} ${s.value.value}`;
      return s.kind;
    });
    expect(kinds).toEqual([
      "Optimizer",
      "Lr 0.0001 cosine",
      "Lr 300 step",
      "GroupLr GroupSelector 0.001",
      "GroupLr LastSelector 0.001",
      "WeightDecay",
      "Batchnorm",
      "EarlyStop",
      "Keep",
    ]);
  });

  it("reads numbers, sizes, ratios and strings with escapes", () => {
    const [domain] = declarations(
      'domain d { data csv "a\\"b\\\\c\\n\\t.csv" root "img"; split 70/15/15 seed 7; image 64x48 grayscale; augment rotate 12, crop 0.5, jitter 1e-4 }',
    ) as [A.DomainDecl];
    const [data, split, image, augment] = domain.statements as [A.CsvData, A.SplitStmt, A.ImageStmt, A.AugmentStmt];
    expect(data.path.value).toBe('a"b\\c\n\t.csv');
    expect(data.root!.value).toBe("img");
    expect(split.parts.map((p) => [p.value, p.span.start.column, p.span.end.column])).toEqual([
      [70, 57, 59],
      [15, 60, 62],
      [15, 63, 65],
    ]);
    expect(split.seed!.value).toBe(7);
    expect([image.size.height, image.size.width, image.mode]).toEqual([64, 48, "grayscale"]);
    expect(augment.items.map((i) => i.argument?.value)).toEqual([12, 0.5, 0.0001]);
  });

  it("reads chains with named and inline schedules", () => {
    const [experiment] = declarations(
      "experiment e { models resnet18, small; seeds 1, 2; input 64x64\n chain imagenet -> fundus with full -> larynx with { stage head { train head; epochs 3 } } }",
    ) as [A.ExperimentDecl];
    const chain = experiment.statements[3] as A.ChainStmt;
    expect(chain.start.value).toBe("imagenet");
    expect(chain.links.map((l) => [l.domain.value, l.schedule.kind])).toEqual([
      ["fundus", "Name"],
      ["larynx", "InlineSchedule"],
    ]);
    expect((chain.links[1]!.schedule as A.InlineSchedule).stages[0]!.name.value).toBe("head");
  });

  it("gives every node the span of its source", () => {
    const { document } = parse("# header\nversion 1\n\nmodel small {\n  arch resnet18 # the base\n}\n", "t.thtl");
    const model = document.declarations[0] as A.ModelDecl;
    expect(document.version!.span).toEqual({
      start: { offset: 17, line: 2, column: 9 },
      end: { offset: 18, line: 2, column: 10 },
    });
    expect(model.span).toEqual({ start: { offset: 20, line: 4, column: 1 }, end: { offset: 62, line: 6, column: 2 } });
    expect(model.name.span.start).toEqual({ offset: 26, line: 4, column: 7 });
    expect(model.statements[0]!.span).toEqual({
      start: { offset: 36, line: 5, column: 3 },
      end: { offset: 49, line: 5, column: 16 },
    });
    expect(document.comments.map((c) => [c.text, c.span.start.line, c.span.start.column])).toEqual([
      [" header", 1, 1],
      [" the base", 5, 17],
    ]);
    expect(document.span.end).toEqual({ offset: 63, line: 7, column: 1 });
  });

  it("treats ';' as an optional terminator and newlines as plain whitespace", () => {
    expect(ast("schedule s { stage a { train head; epochs 3 } }")).toEqual(
      ast("schedule s {\n stage a {\n  train head\n  epochs 3;\n }\n}"),
    );
  });
});

describe("an architecture's variant", () => {
  it("follows `arch` as an identifier; a keyword on the next line is the next statement", async () => {
    const { print } = await import("../../src/language/printer.js");
    const { document, diagnostics } = parse(
      "version 1\nmodel m { arch resnet50   torchvision\n width 0.5 }\nmodel k { arch resnet50\n width 0.5 }\n",
      "t.thtl",
    );
    expect(diagnostics).toEqual([]);
    const [m, k] = document.declarations as A.ModelDecl[];
    expect(m!.statements.map((s) => s.kind)).toEqual(["Arch", "Width"]);
    expect((m!.statements[0] as A.ArchStmt).variant?.value).toBe("torchvision");
    expect((k!.statements[0] as A.ArchStmt).variant).toBeUndefined();
    expect(print(document)).toContain("model m {\n  arch resnet50 torchvision\n  width 0.5\n}");
  });
});
