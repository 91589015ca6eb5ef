import type { Line } from "./diff-lines.js";

export interface TextOptions {
  /** ANSI colours: only for a terminal, and never when `NO_COLOR` is set (see `wantsColor` in src/terminal/color.ts). */
  color: boolean;
}

const ANSI = { green: 32, red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1 } as const;
type Style = keyof typeof ANSI;
const SYMBOL_STYLE: Record<Line["symbol"], Style | undefined> = {
  "+": "green",
  "-": "red",
  "~": "yellow",
  " ": undefined,
};

function paint(text: string, style: Style | undefined, options: TextOptions): string {
  if (!options.color || !style || text === "") return text;
  return `\u001b[${ANSI[style]}m${text}\u001b[${style === "bold" ? 22 : 39}m`;
}

/**
 * The terminal view, as `terraform plan` prints one: four spaces per level, the symbol just
 * before the item, notes after `#`.
 */
export function renderText(lines: readonly Line[], options: TextOptions): string {
  return lines.map((line) => renderLine(line, options)).join("\n") + "\n";
}

function renderLine(line: Line, options: TextOptions): string {
  if (line.heading) return paint(line.text, "bold", options);
  const indent = " ".repeat(line.depth * 4);
  const text = line.muted ? paint(line.text, "gray", options) : line.text;
  const note = line.note === undefined ? "" : " " + paint(`# ${line.note}`, noteStyle(line.note), options);
  return `${indent}${paint(line.symbol, SYMBOL_STYLE[line.symbol], options)} ${text}${note}`.trimEnd();
}

function noteStyle(note: string): Style {
  return /re-run|must run/.test(note) ? "cyan" : "gray";
}
