import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Position, Span } from "./ast.js";

/**
 * Reading a CST that error recovery may have left incomplete: every accessor returns `undefined`
 * for a missing child, and tokens the parser invented while recovering count as missing.
 */

function isToken(element: CstElement | undefined): element is IToken {
  return element !== undefined && "image" in element;
}

export function token(node: CstNode, name: string, index = 0): IToken | undefined {
  const element = node.children[name]?.[index];
  return isToken(element) && !element.isInsertedInRecovery && !Number.isNaN(element.startOffset) ? element : undefined;
}

export function tokens(node: CstNode, name: string): IToken[] {
  return (node.children[name] ?? []).filter(
    (t): t is IToken => isToken(t) && !t.isInsertedInRecovery && !Number.isNaN(t.startOffset),
  );
}

export function child(node: CstNode, name: string, index = 0): CstNode | undefined {
  const element = node.children[name]?.[index];
  return element !== undefined && !isToken(element) ? element : undefined;
}

export function children(node: CstNode, name: string): CstNode[] {
  return (node.children[name] ?? []).filter((e): e is CstNode => !isToken(e));
}

export function tokenSpan(t: IToken): Span {
  return {
    start: { offset: t.startOffset, line: t.startLine!, column: t.startColumn! },
    end: { offset: t.endOffset! + 1, line: t.endLine!, column: t.endColumn! + 1 },
  };
}

/** Whether `nodeSpan` gives a span, without building it. */
export function isLocated(node: CstNode): boolean {
  const l = node.location;
  return Boolean(l) && !Number.isNaN(l!.startOffset) && l!.endOffset !== undefined && !Number.isNaN(l!.endOffset);
}

/** A node's span, or `undefined` when recovery left it without located tokens. */
export function nodeSpan(node: CstNode): Span | undefined {
  if (!isLocated(node)) return undefined;
  const l = node.location!;
  const start: Position = { offset: l.startOffset, line: l.startLine!, column: l.startColumn! };
  return { start, end: { offset: l.endOffset! + 1, line: l.endLine!, column: l.endColumn! + 1 } };
}
