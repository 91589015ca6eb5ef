import { expect, test } from "vitest";
import { thtl, workspace } from "./helpers.js";

const GOOD =
  "domain d { data synth larynx 10 }\nschedule s { stage a { train head; epochs 1 } }\nexperiment e { models resnet18; chain scratch -> d with s }\n";
const BAD =
  "domain d { data synth larynx 10 }\nschedule s { stage a { train layer9; epochs 1 } }\nexperiment e { models resnet18; chain scratch -> d with s }\n";

test("a clean file: exit 0, a one-line note on stderr", async () => {
  expect(await thtl(["check", "good.thtl"], workspace({ "good.thtl": GOOD }))).toEqual({
    code: 0,
    out: "",
    err: "1 file checked: no problems\n",
  });
});

test("errors: each with position, code, message and a code frame; exit 1", async () => {
  expect(await thtl(["check", "bad.thtl"], workspace({ "bad.thtl": BAD }))).toEqual({
    code: 1,
    out: [
      "bad.thtl:2:30: error THTL2055: 'layer9' matches nothing in model 'resnet18' (groups: stem, layer1, layer2, layer3, layer4, head); did you mean 'layer1'?",
      "2 | schedule s { stage a { train layer9; epochs 1 } }",
      "  |                              ^~~~~~",
      "",
      "1 error",
      "",
    ].join("\n"),
    err: "",
  });
});

test("warnings alone exit 0", async () => {
  const result = await thtl(
    ["check", "warn.thtl"],
    workspace({ "warn.thtl": `${GOOD}domain spare { data synth natural 10 }\n` }),
  );
  expect(result.code).toBe(0);
  expect(result.out).toBe(
    "warn.thtl:4:8: warning THTL2011: domain 'spare' is declared but no experiment uses it\n4 | domain spare { data synth natural 10 }\n  |        ^~~~~\n\n1 warning\n",
  );
});

test("--json prints the diagnostics array of spec section 6", async () => {
  const result = await thtl(["check", "--json", "bad.thtl"], workspace({ "bad.thtl": BAD }));
  expect(result.code).toBe(1);
  expect(JSON.parse(result.out)).toEqual([
    {
      code: "THTL2055",
      severity: "error",
      message:
        "'layer9' matches nothing in model 'resnet18' (groups: stem, layer1, layer2, layer3, layer4, head); did you mean 'layer1'?",
      file: "bad.thtl",
      line: 2,
      column: 30,
      endLine: 2,
      endColumn: 36,
      related: [],
    },
  ]);
});

test("a folder means every .thtl file below it; a problem in a shared import is reported once", async () => {
  const dir = workspace({
    "designs/lib/common.thtl": "domain d { data synth larynx 10 }\nschedule s { stage a { train head; epochs 0 } }\n",
    "designs/a.thtl": 'import "lib/common.thtl"\nexperiment a { models resnet18; chain scratch -> d with s }\n',
    "designs/b.thtl": 'import "lib/common.thtl"\nexperiment b { models resnet34; chain scratch -> d with s }\n',
    "designs/.hidden/x.thtl": "junk",
    "designs/notes.txt": "not thtl",
  });
  const result = await thtl(["check", "designs"], dir);
  expect(result.code).toBe(1);
  expect(result.out.match(/^\S+: error \S+/gm)).toEqual(["designs/lib/common.thtl:2:43: error THTL2041:"]);
});

test("usage errors exit 2", async () => {
  const dir = workspace({ "empty/readme.md": "" });
  expect((await thtl(["check"], dir)).code).toBe(2);
  const empty = await thtl(["check", "empty"], dir);
  expect(empty.code).toBe(2);
  expect(empty.err.split("\n")[0]).toBe("thtl check: there is no .thtl file below 'empty'");
});

test("a missing file is a problem of the input: exit 1", async () => {
  const result = await thtl(["check", "missing.thtl"], workspace({}));
  expect(result).toMatchObject({ code: 1 });
  expect(result.out.split("\n")[0]).toBe(
    "missing.thtl:1:1: error THTL5000: cannot read 'missing.thtl': the file does not exist",
  );
});

test("syntax errors are reported alone: the semantic checks wait for a file that parses", async () => {
  const result = await thtl(
    ["check", "broken.thtl"],
    workspace({ "broken.thtl": GOOD.replace("epochs 1 }", "epochs 1 ") + "domain { }\n" }),
  );
  expect(result.code).toBe(1);
  expect(result.out.match(/^\S+: error THTL\d+/gm)!.every((line) => / error THTL1\d{3}$/.test(line))).toBe(true);
});
