import { readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createSyntaxDiagramsCode } from "../../src/language/chevrotain.js";
import { ThtlParser } from "../../src/language/parser.js";

/** Placeholders for Chevrotain's asset URLs, replaced by the assets themselves. */
const RESOURCES = "thtl-inline:";
const CSS = "thtl-inline:diagrams.css";

/**
 * `docs/grammar.html`: Chevrotain's railroad diagrams of the grammar, with its scripts and
 * stylesheet inlined (by default it loads them from unpkg.com), so the page works offline.
 * Regenerate with `npx vitest run tests/language/diagrams.test.ts -u`.
 */
export function grammarDiagramsHtml(): string {
  const entry = fileURLToPath(import.meta.resolve("chevrotain"));
  const assets = join(entry.slice(0, entry.lastIndexOf(`${sep}lib${sep}`)), "diagrams");
  const asset = (path: string) => readFileSync(join(assets, path), "utf8").replaceAll("</script", "<\\/script");
  const productions = new ThtlParser().getSerializedGastProductions();
  return createSyntaxDiagramsCode(productions, { resourceBase: RESOURCES, css: CSS })
    .replace(`<link rel='stylesheet' href='${CSS}'>`, () => `<style>\n${asset("diagrams.css")}</style>`)
    .replace(
      new RegExp(`<script src='${RESOURCES}([\\w/.-]+)'></script>`, "g"),
      (_, path: string) => `<script>\n${asset(path)}</script>`,
    )
    .replace("<!DOCTYPE html>", "<!DOCTYPE html>\n<title>thtl grammar</title>")
    .trimStart();
}
