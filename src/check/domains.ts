import type { DomainDecl } from "../language/ast.js";
import { first } from "./statements.js";

/** `weights` or `data` by what the domain holds; `invalid` with both or neither (an error). */
export function domainKind(decl: DomainDecl): "weights" | "data" | "invalid" {
  const weights = first(decl.statements, "Weights");
  const data = first(decl.statements, "Data");
  if (weights && !data) return "weights";
  if (data && !weights) return "data";
  return "invalid";
}
