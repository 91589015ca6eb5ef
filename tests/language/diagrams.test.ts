import { describe, expect, it } from "vitest";
import { grammarDiagramsHtml } from "./diagrams.js";

const html = grammarDiagramsHtml();

describe("docs/grammar.html", () => {
  it("is the current grammar's diagrams (regenerate with `npx vitest run tests/language/diagrams.test.ts -u`)", async () => {
    await expect(html).toMatchFileSnapshot("../../docs/grammar.html");
  });

  it("loads nothing from the network", () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*\shref=/i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
  });

  it("inlines the railroad-diagram script and the stylesheet, and draws every rule", () => {
    expect(html).toContain("Railroad Diagrams\n by Tab Atkins Jr.");
    expect(html).toContain("drawDiagramsFromSerializedGrammar");
    expect(html).toContain('"name": "scheduleBody"');
    expect(html).toMatch(/<style>\n[^<]*\.diagramHeader/);
  });
});
