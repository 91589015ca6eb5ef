import type { Span } from "./location.js";
import type { Diagnostic, RelatedLocation } from "./diagnostic.js";
import { CATALOGUE, type Code, type MessageArgs } from "./codes/catalogue.js";
import type { CatalogueEntry } from "./codes/entry.js";

export { CATALOGUE, CODE_RANGES, type Code, type MessageArgs } from "./codes/catalogue.js";

export function catalogueEntry(code: Code): CatalogueEntry {
  return CATALOGUE[code];
}

/**
 * The message of a catalogue entry with its `{name}` placeholders filled in, for problems that
 * have no place in a source file (data and runtime failures).
 */
export function catalogueMessage<C extends Code>(code: C, args: MessageArgs<C>): string {
  const values: Record<string, string | number> = args;
  return catalogueEntry(code).message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
}

/** Makes a diagnostic from its catalogue entry (see `catalogueMessage`). */
export function diagnostic<C extends Code>(
  code: C,
  args: MessageArgs<C>,
  file: string,
  span: Span,
  related?: RelatedLocation[],
): Diagnostic {
  const message = catalogueMessage(code, args);
  const result: Diagnostic = { code, severity: catalogueEntry(code).severity, message, file, span };
  if (related && related.length > 0) result.related = related;
  return result;
}
