import { expect, test } from "vitest";
import { thtl } from "../cli/helpers.js";

test("`thtl lsp` without --stdio says how to call it and exits 2", async () => {
  const { code, out, err } = await thtl(["lsp"], ".");
  expect(code).toBe(2);
  expect(out).toBe("");
  expect(err.split("\n").slice(0, 3)).toEqual([
    "thtl lsp: say how to talk to the editor: --stdio",
    "",
    "Usage: thtl lsp --stdio",
  ]);
});

test("`thtl --help` lists the language server", async () => {
  const { out } = await thtl(["--help"], ".");
  expect(out).toContain("\n  lsp        Run the language server for editors (LSP over stdio)\n");
});
