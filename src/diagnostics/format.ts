import type { Position } from "./location.js";
import type { Diagnostic, DiagnosticJson, RelatedLocation } from "./diagnostic.js";

export interface FormatOptions {
  /** ANSI colours; only when the caller knows the output is a terminal that wants them. */
  color: boolean;
}

const TAB_WIDTH = 4;
/** Source lines wider than this are cropped around the span, so a frame fits a terminal. */
const MAX_FRAME_WIDTH = 100;

const ANSI = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1 } as const;
type Style = keyof typeof ANSI;

function paint(text: string, style: Style, options: FormatOptions): string {
  return options.color && text !== "" ? `\u001b[${ANSI[style]}m${text}\u001b[${style === "bold" ? 22 : 39}m` : text;
}

/**
 * One diagnostic as a person reads it: `FILE:LINE:COLUMN: SEVERITY CODE: MESSAGE`, then the
 * source line with the span underlined (`^~~~`), then any related locations. Without the source
 * text (`undefined`), only the header line is printed.
 */
export function formatDiagnostic(d: Diagnostic, sourceText: string | undefined, options: FormatOptions): string {
  const { line, column } = d.span.start;
  const severity = paint(d.severity, d.severity === "error" ? "red" : "yellow", options);
  const header = `${paint(`${d.file}:${line}:${column}`, "cyan", options)}: ${severity} ${paint(d.code, "gray", options)}: ${d.message}`;
  const parts = [header];
  if (sourceText !== undefined) parts.push(codeFrame(sourceText, d.span.start, d.span.end, options));
  for (const related of d.related ?? []) parts.push(formatRelated(related, options));
  return parts.join("\n") + "\n";
}

function formatRelated(related: RelatedLocation, options: FormatOptions): string {
  const { line, column } = related.span.start;
  return `  ${paint(`${related.file}:${line}:${column}`, "cyan", options)}: ${related.message}`;
}

/**
 * All diagnostics, each followed by a blank line, then a summary (`2 errors, 1 warning`). Nothing
 * at all for an empty list. `sources` gives a file's text for its code frames.
 */
export function formatDiagnostics(
  list: readonly Diagnostic[],
  sources: (file: string) => string | undefined,
  options: FormatOptions,
): string {
  if (list.length === 0) return "";
  const blocks = list.map((d) => formatDiagnostic(d, sources(d.file), options));
  return `${blocks.join("\n")}\n${summaryLine(list)}\n`;
}

/** `1 error`, `2 errors, 1 warning`, `3 warnings`, or `no problems`. */
export function summaryLine(list: readonly Diagnostic[]): string {
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.length - errors;
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, "error"));
  if (warnings > 0) parts.push(plural(warnings, "warning"));
  return parts.length > 0 ? parts.join(", ") : "no problems";
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The `--json` shape of spec section 6: 1-based lines and columns, the end exclusive. */
export function toDiagnosticJson(d: Diagnostic): DiagnosticJson {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    ...jsonRange(d.span.start, d.span.end),
    related: (d.related ?? []).map((r) => ({
      message: r.message,
      file: r.file,
      ...jsonRange(r.span.start, r.span.end),
    })),
  };
}

function jsonRange(start: Position, end: Position) {
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

// ---------------------------------------------------------------------------------------------
// code frames

/**
 * The start line of the span with a gutter, and an underline below it: from the start column to
 * the end column, or to the end of the line when the span continues onto later lines. Tabs are
 * expanded, and a long line is cropped to a window around the span with `…` marks.
 */
function codeFrame(text: string, start: Position, end: Position, options: FormatOptions): string {
  const lineText = text.split(/\r\n|\n|\r/)[start.line - 1] ?? "";
  const { cells, cellAt } = layout(lineText);
  const from = cellAt(start.column);
  const to = Math.max(from + 1, cellAt(end.line === start.line ? end.column : lineText.length + 1));
  const window = cropWindow(cells.length, from, to);
  const before = window.start > 0 ? "…" : "";
  const after = window.end < cells.length ? "…" : "";
  const shown = before + cells.slice(window.start, window.end).join("") + after;
  const underline =
    " ".repeat(from - window.start + before.length) +
    "^" +
    "~".repeat(Math.max(0, Math.min(to, window.end) - from - 1));
  const number = String(start.line);
  return [
    `${paint(`${number} |`, "gray", options)} ${shown}`.trimEnd(),
    `${paint(`${" ".repeat(number.length)} |`, "gray", options)} ${paint(underline, "red", options)}`,
  ].join("\n");
}

/**
 * Lays a line out in display cells: a tab becomes spaces up to the next tab stop, a control
 * character a `?`, a surrogate pair one cell. `cellAt` maps a 1-based UTF-16 column to its cell.
 */
function layout(line: string): { cells: string[]; cellAt: (column: number) => number } {
  const cells: string[] = [];
  const cellOfUnit: number[] = [];
  for (let unit = 0; unit < line.length;) {
    const char = String.fromCodePoint(line.codePointAt(unit)!);
    for (let k = 0; k < char.length; k++) cellOfUnit.push(cells.length);
    if (char === "\t") cells.push(...Array<string>(TAB_WIDTH - (cells.length % TAB_WIDTH)).fill(" "));
    else cells.push(/[\p{Cc}\p{Cf}]/u.test(char) ? "?" : char);
    unit += char.length;
  }
  cellOfUnit.push(cells.length);
  const cellAt = (column: number) => cellOfUnit[Math.max(0, Math.min(column - 1, line.length))]!;
  return { cells, cellAt };
}

function cropWindow(length: number, from: number, to: number): { start: number; end: number } {
  if (length <= MAX_FRAME_WIDTH) return { start: 0, end: length };
  const start = Math.max(0, Math.min(from - 20, length - MAX_FRAME_WIDTH));
  return { start, end: Math.min(length, Math.max(start + MAX_FRAME_WIDTH, to)) };
}
