import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/** What only the command line may do with the process: its streams, its exit code, its signals. */
const STREAMS_AND_EXIT = new Set(["exit", "exitCode", "stdout", "stderr", "stdin", "kill", "abort"]);
const LISTENERS = new Set(["on", "once", "off", "addListener", "removeListener"]);

/**
 * Every place in `file` that writes to the terminal or decides how the process ends:
 * `process.exit`, `process.stdout` and the like, a signal handler (`process.on("SIGINT", ...)`),
 * or `console`. Reading `process.env` or cleaning up on `exit` is not among them.
 */
export function processUses(root: string, file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const object = node.expression.text;
      const name = node.name.text;
      if (object === "console") found.push(`${at(node)} console.${name}`);
      if (object === "process" && STREAMS_AND_EXIT.has(name)) found.push(`${at(node)} process.${name}`);
      if (object === "process" && LISTENERS.has(name) && ts.isCallExpression(node.parent)) {
        const event = node.parent.arguments[0];
        if (event && ts.isStringLiteralLike(event) && event.text.startsWith("SIG"))
          found.push(`${at(node)} process.${name}("${event.text}")`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
