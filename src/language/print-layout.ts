import type { Comment, Position } from "./ast.js";

/** Lines longer than this break: a stage prints one statement per line, a chain one link per line. */
export const MAX_WIDTH = 100;
const INDENT = "  ";

interface Line {
  indent: number;
  text: string;
  comment?: string;
  /** Spaces before a trailing comment, set when aligning. */
  padding?: string;
  /** Where the source of this line starts (offset) and ends: a comment inside that source, or on
   * the line where it ends, trails this line. */
  start: number;
  anchor: Position;
  opensBlock: boolean;
}

/**
 * Collects the printed lines and merges the comments back in by position: a comment on the
 * source line where the previous printed item ended trails that item; any other comment gets a
 * line of its own before the next item. Blank lines: exactly one between declarations, and one
 * wherever the source had one or more between two items of a block (never after `{`).
 */
export class Layout {
  private readonly lines: (Line | null)[] = [];
  private nextComment = 0;
  private lastSourceLine = 0;

  /** `comments` in source order. */
  constructor(private readonly comments: readonly Comment[]) {}

  /** Whether any comment lies in the source range (the printer keeps such a block multi-line). */
  hasCommentIn(start: number, end: number): boolean {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.comments[middle]!.span.start.offset < start) low = middle + 1;
      else high = middle;
    }
    const first = this.comments[low];
    return first !== undefined && first.span.start.offset < end;
  }

  /** One printed line for source that starts at `start` and ends at `end`. */
  item(
    indent: number,
    text: string,
    start: Position,
    end: Position,
    options: { separate?: boolean; opensBlock?: boolean } = {},
  ) {
    if (options.separate) {
      this.flushTrailing(start.offset);
      this.blank();
    }
    this.flush(start.offset, indent);
    if (start.line > this.lastSourceLine + 1) this.blank();
    this.lines.push({ indent, text, start: start.offset, anchor: end, opensBlock: options.opensBlock ?? false });
    this.lastSourceLine = end.line;
  }

  /** The `}` of a block whose `}` is the last character before `end`, after its inner comments. */
  close(indent: number, end: Position) {
    this.flush(end.offset - 1, indent + 1);
    this.lines.push({ indent, text: "}", start: end.offset - 1, anchor: end, opensBlock: false });
    this.lastSourceLine = end.line;
  }

  /** The text, with every remaining comment placed and trailing comments aligned in runs. */
  finish(): string {
    this.flush(Number.POSITIVE_INFINITY, 0);
    alignTrailingComments(this.lines);
    const text = this.lines.map((line) => (line ? render(line) : "")).join("\n");
    return text === "" ? "" : `${text}\n`;
  }

  private flushTrailing(before: number) {
    const comment = this.comments[this.nextComment];
    if (comment && comment.span.start.offset < before && this.trails(comment)) this.flush(comment.span.end.offset, 0);
  }

  private flush(before: number, indent: number) {
    for (
      let c = this.comments[this.nextComment];
      c && c.span.start.offset < before;
      c = this.comments[++this.nextComment]
    ) {
      const last = this.lines[this.lines.length - 1];
      if (last && this.trails(c)) {
        last.comment = c.text;
        continue;
      }
      if (c.span.start.line > this.lastSourceLine + 1) this.blank();
      this.lines.push({
        indent,
        text: `#${c.text}`,
        start: c.span.start.offset,
        anchor: c.span.end,
        opensBlock: false,
      });
      this.lastSourceLine = c.span.end.line;
    }
  }

  private trails(comment: Comment): boolean {
    const last = this.lines[this.lines.length - 1];
    if (!last || last.comment !== undefined) return false;
    const at = comment.span.start;
    // Inside the source of a line (a statement written over several lines): it stays with it,
    // so a block that breaks because it holds a comment still holds it once formatted.
    return last.anchor.line === at.line || (last.start <= at.offset && at.offset < last.anchor.offset);
  }

  private blank() {
    const last = this.lines[this.lines.length - 1];
    if (last && !last.opensBlock) this.lines.push(null);
  }
}

function code(line: Line): string {
  return INDENT.repeat(line.indent) + line.text;
}

function render(line: Line): string {
  return line.comment === undefined ? code(line) : `${code(line)}${line.padding}#${line.comment}`;
}

/**
 * As gofmt does: the trailing comments of adjacent lines at one indentation start in one column,
 * two spaces after the longest code.
 */
function alignTrailingComments(lines: (Line | null)[]) {
  for (let start = 0; start < lines.length;) {
    let end = start;
    while (lines[end]?.comment !== undefined && lines[end]!.indent === lines[start]!.indent) end++;
    const run = lines.slice(start, end) as Line[];
    const column = Math.max(0, ...run.map((line) => code(line).length)) + 2;
    for (const line of run) line.padding = " ".repeat(column - code(line).length);
    start = end + (end === start ? 1 : 0);
  }
}
