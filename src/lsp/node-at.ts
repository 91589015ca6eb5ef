import type { Document, Span } from "../language/ast.js";
import { spanHas } from "./positions.js";

/** Any node of the syntax tree: everything with a `kind` and a `span`. */
export interface AnyNode {
  kind: string;
  span: Span;
  [field: string]: unknown;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === "object" && value !== null && "kind" in value && "span" in value;
}

/** The nodes directly below `node`, in field order (which is source order for every node kind). */
export function childNodes(node: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  for (const [field, value] of Object.entries(node)) {
    if (field === "span" || field === "comments") continue;
    if (Array.isArray(value)) for (const item of value) if (isNode(item)) found.push(item);
    if (isNode(value)) found.push(value);
  }
  return found;
}

/**
 * The nodes that contain `offset`, outermost (the document) first, innermost last. Where two
 * siblings touch (`a,b` with the cursor after `a`), the earlier one wins, so that a cursor just
 * after a name is on that name.
 */
export function nodesAt(document: Document, offset: number): AnyNode[] {
  const path: AnyNode[] = [document as unknown as AnyNode];
  for (;;) {
    const next = childNodes(path[path.length - 1]!).find((child) => spanHas(child.span, offset));
    if (!next) return path;
    path.push(next);
  }
}

/** Every node below `node`, depth first, in source order. */
export function* walk(node: AnyNode): Generator<AnyNode> {
  for (const child of childNodes(node)) {
    yield child;
    yield* walk(child);
  }
}
