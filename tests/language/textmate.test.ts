import { readFileSync } from "node:fs";
import { join } from "node:path";
import oniguruma from "vscode-oniguruma";
import textmate from "vscode-textmate";
import { beforeAll, describe, expect, it } from "vitest";
import { KEYWORD_WORDS } from "../../src/language/tokens.js";
import { ROOT, specExamples } from "./corpus.js";

const grammarPath = join(ROOT, "grammar/thtl.tmLanguage.json");
let grammar: textmate.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(join(ROOT, "node_modules/vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope) =>
      scope === "source.thtl" ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
  });
  grammar = (await registry.loadGrammar("source.thtl"))!;
});

/** Every token of a text as `text -> innermost scope`, line by line. */
function tokenize(text: string): { text: string; scope: string }[] {
  let stack = textmate.INITIAL;
  const result: { text: string; scope: string }[] = [];
  for (const line of text.split("\n")) {
    const tokens = grammar.tokenizeLine(line, stack);
    for (const t of tokens.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim() !== "") result.push({ text: piece, scope: t.scopes[t.scopes.length - 1]! });
    }
    stack = tokens.ruleStack;
  }
  return result;
}

function scopeOf(text: string, piece: string): string[] {
  return tokenize(text)
    .filter((t) => t.text === piece)
    .map((t) => t.scope);
}

describe("grammar/thtl.tmLanguage.json", () => {
  const spec = specExamples()
    .map((s) => s.text)
    .join("\n");

  it("is named source.thtl", () => {
    expect(JSON.parse(readFileSync(grammarPath, "utf8")).scopeName).toBe("source.thtl");
  });

  it("scopes the spec's keywords, names, numbers, sizes, ratios, strings and comments", () => {
    expect(scopeOf(spec, "domain")).toEqual(Array(3).fill("storage.type.domain.thtl"));
    expect(scopeOf(spec, "fundus")[0]).toBe("entity.name.type.domain.thtl");
    expect(scopeOf(spec, "swft")).toEqual(["entity.name.type.schedule.thtl", "variable.other.name.thtl"]);
    expect(scopeOf(spec, "layer4")).toEqual(["entity.name.type.stage.thtl", "variable.other.name.thtl"]);
    expect(new Set(scopeOf(spec, "train"))).toEqual(new Set(["keyword.control.thtl"]));
    expect(new Set(scopeOf(spec, "classes"))).toEqual(new Set(["keyword.other.statement.thtl"]));
    expect(scopeOf(spec, "1e-4")[0]).toBe("constant.numeric.thtl");
    expect(scopeOf(spec, "0.5")).toEqual(["constant.numeric.thtl"]);
    expect(scopeOf(spec, "64x64")[0]).toBe("constant.numeric.size.thtl");
    expect(scopeOf(spec, "70/15/15")).toEqual(["constant.numeric.ratio.thtl"]);
    expect(scopeOf(spec, "data/fundus")).toEqual(["string.quoted.double.thtl"]);
    expect(scopeOf(spec, " channel multiplier")).toEqual(["comment.line.number-sign.thtl"]);
    expect(scopeOf(spec, "->")[0]).toBe("keyword.operator.arrow.thtl");
  });

  it("leaves no word of the spec's examples unscoped", () => {
    const bare = tokenize(spec).filter((t) => t.scope === "source.thtl" && /\w/.test(t.text));
    expect(bare).toEqual([]);
  });

  it("scopes escapes, soft keywords as declared names, and unterminated strings", () => {
    expect(scopeOf('weights "a\\"b\\q"', '\\"')).toEqual(["constant.character.escape.thtl"]);
    expect(scopeOf('weights "a\\"b\\q"', "\\q")).toEqual(["invalid.illegal.escape.thtl"]);
    expect(scopeOf("stage head { train head }", "head")).toEqual([
      "entity.name.type.stage.thtl",
      "constant.language.thtl",
    ]);
    expect(scopeOf('weights "open\nepochs 3', "epochs")).toEqual(["keyword.control.thtl"]);
    expect(scopeOf("lr 3.0E+2; train layer2..layer4", "3.0E+2")).toEqual(["constant.numeric.thtl"]);
    expect(scopeOf("lr 3.0E+2; train layer2..layer4", "..")).toEqual(["keyword.operator.range.thtl"]);
  });

  it("colours exactly the language's keywords", () => {
    const raw = readFileSync(grammarPath, "utf8");
    const keywordPatterns = JSON.parse(raw).repository.keyword.patterns as { match: string }[];
    const words = keywordPatterns.flatMap((p) => /\(\?:([^)]*)\)/.exec(p.match)![1]!.split("|"));
    expect(words.sort()).toEqual([...KEYWORD_WORDS].sort());
  });
});
