import type { Line } from "./diff-lines.js";

/**
 * A pull-request comment: a heading naming both sides, the summary in bold, and the tree in a
 * `diff` code block with each symbol moved to the first column so GitHub colours the line (`~`
 * becomes `!`, which its diff highlighting marks as changed, as Atlantis does for Terraform).
 */
export function renderMarkdown(lines: readonly Line[], names: { old: string; new: string }): string {
  const tree = lines.filter((line) => !line.heading);
  const summary = lines.filter((line) => line.heading && line.text !== "").map((line) => line.text);
  const parts = [`### thtl diff: \`${names.old}\` → \`${names.new}\``, "", `**${summary.join(" ")}**`, ""];
  if (tree.length > 0) parts.push("```diff", ...tree.map(markdownLine), "```", "");
  return parts.join("\n");
}

function markdownLine(line: Line): string {
  const symbol = line.symbol === "~" ? "!" : line.symbol;
  const note = line.note === undefined ? "" : ` # ${line.note}`;
  return `${symbol} ${" ".repeat(line.depth * 4)}${line.text}${note}`.trimEnd();
}
