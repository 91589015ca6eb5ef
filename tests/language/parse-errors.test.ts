import { describe, expect, it } from "vitest";
import { parse } from "../../src/language/parse.js";

/** `LINE:COLUMN CODE MESSAGE` per diagnostic: what a user reads, minus the file name. */
function errors(source: string): string[] {
  return parse(source, "t.thtl").diagnostics.map(
    (d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`,
  );
}

describe("syntax errors", () => {
  it("reports every error of a file in one run", () => {
    const source = [
      "domain fundus { classes a, b epochs 3 }",
      "schedule s {",
      "  stage head { train head; epochs 3",
      "  stage two { train all @ epochs 2 }",
      "}",
      "schedule empty { }",
      "domain { classes x }",
      "experiment e { chain imagenet -> larynx with }",
      "} }",
      'model m { arch resnet18 width "x" }',
    ].join("\n");
    expect(errors(source)).toEqual([
      "1:30 THTL1011 expected '}' to close domain 'fundus' but found 'epochs'",
      "4:3 THTL1011 expected '}' to close stage 'head' but found 'stage'",
      "4:25 THTL1000 unexpected character '@'",
      "6:18 THTL1012 schedule 'empty' needs at least one stage, but found '}'",
      "7:8 THTL1010 expected a name for the domain but found '{'",
      "8:46 THTL1010 expected a schedule name or '{' but found '}'",
      "9:1 THTL1013 expected a declaration (import, domain, model, schedule or experiment) but found '}'",
      '10:31 THTL1010 expected a number but found "x"',
    ]);
  });

  it("reports lexical errors: strings, escapes, characters, ratios", () => {
    const source = [
      'domain d { data imagefolder "abc\\q" ; split 1/2/3/4 ; image 64x64 rgb }',
      'domain e { weights "unterminated',
      "}",
      "domain f { classes a,\u00a0b }",
    ].join("\n");
    expect(errors(source)).toEqual([
      "1:33 THTL1002 unknown escape '\\q' in a string: use \\\", \\\\, \\n or \\t",
      "1:45 THTL1005 a split ratio has two or three parts, such as 80/20 or 70/15/15, but 1/2/3/4 has 4",
      "2:20 THTL1001 unterminated string: add a closing '\"' before the end of the line",
      "4:22 THTL1000 unexpected character U+00A0",
    ]);
  });

  it("says when a block is still open at the end of the file", () => {
    expect(errors("schedule s {\n  stage a { epochs 1 }\n")).toEqual([
      "2:23 THTL1011 expected '}' to close schedule 's' but found the end of the file",
    ]);
    expect(errors("experiment x { chain scratch -> d with { stage a { epochs 1 }")).toEqual([
      "1:62 THTL1011 expected '}' to close the schedule after 'with' but found the end of the file",
    ]);
  });

  it("names what a repetition needs", () => {
    expect(errors("domain d { classes }\nschedule s { stage a { train } }\nexperiment e { chain scratch }")).toEqual([
      "1:20 THTL1012 'classes' needs at least one class name, but found '}'",
      "2:30 THTL1012 'train' needs at least one selector, but found '}'",
      "3:30 THTL1012 'chain' needs at least one '-> DOMAIN with SCHEDULE' link, but found '}'",
    ]);
  });

  it("suggests the statement or declaration a misspelt word was meant to be", () => {
    const source = [
      "shedule s { stage head { train head; epochs 3 } }",
      "schedule t { stage head { train head; epoch 3; lr 1e-3 } }",
      "experiment e { model resnet18; seeds 1 }",
      "domain g { epochs 3 }",
    ].join("\n");
    expect(errors(source)).toEqual([
      "1:1 THTL1015 'shedule' is not a declaration; did you mean 'schedule'?",
      "2:39 THTL1014 'epoch' is not a statement of stage 'head'; did you mean 'epochs'?",
      "3:16 THTL1014 'model' is not a statement of experiment 'e'; did you mean 'models'?",
      "4:12 THTL1011 expected '}' to close domain 'g' but found 'epochs'",
    ]);
  });

  it("does not echo an error a few tokens later on the same line", () => {
    expect(errors("experiment f { chain scratch -> x wth y }\nexperiment g { chain scratch -> x with }")).toEqual([
      "1:35 THTL1010 expected 'with' but found 'wth'",
      "2:40 THTL1010 expected a schedule name or '{' but found '}'",
    ]);
  });

  it("parses each declaration on its own, so a broken one does not swallow the next", () => {
    expect(errors("domain fundus\ndomain model { classes a }\nschedule s { stage a { epochs } }\nversion 1")).toEqual([
      "2:1 THTL1010 expected '{' but found 'domain'",
      "3:31 THTL1010 expected a number but found '}'",
      "4:1 THTL1013 expected a declaration (import, domain, model, schedule or experiment) but found 'version'",
    ]);
    const { document } = parse("domain fundus\ndomain model { classes a }", "t.thtl");
    expect(document.declarations.map((d) => d.kind === "Domain" && d.name.value)).toEqual(["fundus", "model"]);
  });

  it("rejects a language version other than 1", () => {
    expect(errors("version 2\n")).toEqual([
      "1:9 THTL1004 this file is written for language version 2, but thtl reads version 1",
    ]);
  });

  it("survives 1 MB of nested braces with a bounded number of diagnostics", () => {
    const result = parse("{".repeat(1_000_000), "deep.thtl");
    expect(result.diagnostics.map((d) => `${d.span.start.column} ${d.code}`)).toEqual(["1 THTL1013", "33 THTL1003"]);
  });

  it("stops listing after 100 errors and says how many more there were", () => {
    const result = parse("@ ".repeat(150), "junk.thtl");
    expect(result.diagnostics).toHaveLength(101);
    expect(result.diagnostics[100]!.message).toBe(
      "50 more syntax errors after this point are not shown; fix the ones above first",
    );
  });

  it("handles an empty file and a file of comments", () => {
    expect(parse("", "e.thtl").diagnostics).toEqual([]);
    const { document, diagnostics } = parse("# only\n# comments", "c.thtl");
    expect(diagnostics).toEqual([]);
    expect(document.comments.map((c) => c.text)).toEqual([" only", " comments"]);
  });
});
