#!/usr/bin/env node
// Makes ../screenshot.png: sample.thtl coloured by the extension's TextMate grammar, with what the
// thtl language server answers for it (diagnostics, inlay hints, a hover), laid out as an
// editor would show them, and photographed by headless Chromium. Not a photograph of VS Code
// itself (none is installed here): the colours follow VS Code's Dark+ theme, the text of every
// squiggle, hint and popup is the server's real answer. Run from the repository root after
// `npm run build`: `node editors/vscode/screenshot/render.mjs` (needs /usr/bin/chromium).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import oniguruma from "vscode-oniguruma";
import textmate from "vscode-textmate";
import {
  createConnection,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializeRequest,
  InlayHintRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node";
import { startServer } from "../../../dist/lsp/server.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../../..");
const text = readFileSync(join(here, "sample.thtl"), "utf8");
const lines = text.replace(/\n$/, "").split("\n");

// --- the server's answers ---------------------------------------------------------------------
const folder = mkdtempSync(join(tmpdir(), "thtl-shot-"));
const uri = pathToFileURL(join(folder, "study.thtl")).href;
writeFileSync(join(folder, "study.thtl"), text);
const up = new PassThrough();
const down = new PassThrough();
startServer(createConnection(new StreamMessageReader(up), new StreamMessageWriter(down)));
const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
const published = new Promise((done) => client.onNotification(PublishDiagnosticsNotification.type, done));
client.listen();
await client.sendRequest(InitializeRequest.type, {
  processId: null,
  rootUri: pathToFileURL(folder).href,
  capabilities: {},
  initializationOptions: { debounceMs: 0 },
});
await client.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: "thtl", version: 1, text },
});
const { diagnostics } = await published;
const hints = await client.sendRequest(InlayHintRequest.type, {
  textDocument: { uri },
  range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
});
const hoverLine = lines.findIndex((line) => line.includes("stage layer4"));
const hover = await client.sendRequest(HoverRequest.type, {
  textDocument: { uri },
  position: { line: hoverLine, character: lines[hoverLine].indexOf("layer4") + 2 },
});
client.dispose();
rmSync(folder, { recursive: true, force: true });

// --- colours from the TextMate grammar ------------------------------------------------------------
const wasm = readFileSync(join(root, "node_modules/vscode-oniguruma/release/onig.wasm"));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const grammarPath = join(root, "grammar/thtl.tmLanguage.json");
const registry = new textmate.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (p) => new oniguruma.OnigScanner(p),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scope) =>
    scope === "source.thtl" ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
});
const grammar = await registry.loadGrammar("source.thtl");
const DARK_PLUS = [
  ["comment", "#6a9955"],
  ["string", "#ce9178"],
  ["constant.numeric", "#b5cea8"],
  ["constant.language", "#569cd6"],
  ["storage", "#569cd6"],
  ["keyword.control", "#c586c0"],
  ["keyword.operator", "#d4d4d4"],
  ["keyword", "#569cd6"],
  ["entity.name", "#4ec9b0"],
  ["variable", "#9cdcfe"],
];
const colour = (scopes) => {
  for (const scope of [...scopes].reverse())
    for (const [prefix, value] of DARK_PLUS) if (scope.startsWith(prefix)) return value;
  return "#d4d4d4";
};
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

let stack = textmate.INITIAL;
const rows = lines.map((line, index) => {
  const { tokens, ruleStack } = grammar.tokenizeLine(line, stack);
  stack = ruleStack;
  const marks = diagnostics.filter((d) => d.range.start.line === index);
  const hint = hints.find((h) => h.position.line === index);
  let html = "";
  for (const t of tokens) {
    for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) {
      if (hint && hint.position.character === i) html += `<span class="hint">${escape(hint.label)}</span>`;
      const squiggle = marks.find((d) => d.range.start.character <= i && i < d.range.end.character);
      html += `<span style="color:${colour(t.scopes)}"${squiggle ? ` class="${squiggle.severity === 1 ? "error" : "warning"}"` : ""}>${escape(line[i])}</span>`;
    }
  }
  if (hint && hint.position.character >= line.length) html += `<span class="hint">${escape(hint.label)}</span>`;
  return `<div class="row"><span class="gutter">${index + 1}</span><span class="code">${html || " "}</span></div>`;
});

const markdownToHtml = (md) => {
  const out = [];
  const table = [];
  const inline = (s) =>
    escape(s)
      .replace(/\*\*(.+?)\*\*/g, "<b>$1</b>")
      .replace(/`([^`]+)`/g, "<code>$1</code>");
  for (const line of md.split("\n")) {
    if (line.startsWith("|")) {
      if (!/^\|\s*-/.test(line))
        table.push(
          line
            .slice(1, -1)
            .split("|")
            .map((cell) => cell.trim()),
        );
      continue;
    }
    out.push(line === "" ? "" : `<p>${inline(line)}</p>`);
  }
  const [head, ...body] = table;
  if (head)
    out.push(
      `<table><tr>${head.map((c) => `<th>${inline(c)}</th>`).join("")}</tr>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`).join("")}</table>`,
    );
  return out.join("");
};
const problems = diagnostics
  .map(
    (d) =>
      `<div class="problem"><span class="${d.severity === 1 ? "icon-error" : "icon-warning"}">${d.severity === 1 ? "⨯" : "⚠"}</span> ${escape(d.message)} <span class="dim">thtl(<u>${d.code}</u>) [Ln ${d.range.start.line + 1}, Col ${d.range.start.character + 1}]</span></div>`,
  )
  .join("");

const LINE = 19;
const html = `<!doctype html><meta charset="utf-8"><style>
body { margin: 0; background: #1e1e1e; font: 13px/1.4 "DejaVu Sans", sans-serif; color: #ccc; width: 1100px; }
.tab { background: #252526; padding: 6px 14px; border-bottom: 1px solid #333; } .tab b { color: #fff; font-weight: normal; border-bottom: 1px solid #fff; padding-bottom: 5px; }
.editor { position: relative; padding: 8px 0; font: 14px/${LINE}px "DejaVu Sans Mono", monospace; }
.row { white-space: pre; height: ${LINE}px; } .gutter { display: inline-block; width: 44px; text-align: right; padding-right: 18px; color: #858585; }
.hint { background: #333a; color: #969696; border-radius: 3px; padding: 0 4px; margin: 0 4px; font-size: 12px; }
.error { text-decoration: underline wavy #f14c4c; text-underline-offset: 3px; } .warning { text-decoration: underline wavy #cca700; text-underline-offset: 3px; }
.hover { position: absolute; left: 150px; top: ${8 + (hoverLine + 1) * LINE + 2}px; background: #252526; border: 1px solid #454545; padding: 4px 10px; box-shadow: 0 2px 8px #000a; font: 13px/1.5 "DejaVu Sans", sans-serif; }
.hover p { margin: 4px 0; } .hover code { font-family: "DejaVu Sans Mono", monospace; color: #d7ba7d; }
.hover table { border-collapse: collapse; margin: 4px 0 6px; } .hover td, .hover th { border: 1px solid #3c3c3c; padding: 2px 8px; text-align: left; } .hover th { color: #fff; }
.panel { border-top: 1px solid #414141; background: #1e1e1e; padding: 6px 14px 10px; } .panel .title { font-size: 11px; letter-spacing: 1px; color: #e7e7e7; margin-bottom: 6px; }
.problem { padding: 2px 0; } .icon-error { color: #f14c4c; } .icon-warning { color: #cca700; } .dim { color: #8b8b8b; }
</style>
<div class="tab"><b>study.thtl</b></div>
<div class="editor">${rows.join("")}<div class="hover">${markdownToHtml(hover.contents.value)}</div></div>
<div class="panel"><div class="title">PROBLEMS</div>${problems}</div>`;

const page = join(tmpdir(), `thtl-shot-${process.pid}.html`);
writeFileSync(page, html);
const height = 8 + lines.length * LINE + 16 + 30 + 34 + diagnostics.length * 22 + 20;
execFileSync(
  "/usr/bin/chromium",
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    `--window-size=1100,${height}`,
    `--screenshot=${join(here, "../screenshot.png")}`,
    pathToFileURL(page).href,
  ],
  { stdio: "ignore" },
);
rmSync(page);
console.log(
  `wrote editors/vscode/screenshot.png: ${diagnostics.length} diagnostics, ${hints.length} inlay hints, a hover on stage layer4`,
);
