import { checkFile, createHost } from "../../src/check/index.js";

/**
 * Checks in-memory files (the first one is the root) and returns what a user reads:
 * `FILE:LINE:COLUMN: SEVERITY CODE: MESSAGE`, one string per diagnostic.
 */
export function diagnose(files: Record<string, string> | string): string[] {
  const table = typeof files === "string" ? { "main.thtl": files } : files;
  const host = createHost({ readFile: (path) => (Object.hasOwn(table, path) ? table[path] : undefined) });
  return checkFile(Object.keys(table)[0]!, host).diagnostics.map(
    (d) => `${d.file}:${d.span.start.line}:${d.span.start.column}: ${d.severity} ${d.code}: ${d.message}`,
  );
}

/** As `diagnose`, with each related location after its diagnostic as `  FILE:LINE:COLUMN: NOTE`. */
export function diagnoseWithNotes(files: Record<string, string> | string): string[] {
  const table = typeof files === "string" ? { "main.thtl": files } : files;
  const host = createHost({ readFile: (path) => (Object.hasOwn(table, path) ? table[path] : undefined) });
  return checkFile(Object.keys(table)[0]!, host).diagnostics.flatMap((d) => [
    `${d.file}:${d.span.start.line}:${d.span.start.column}: ${d.severity} ${d.code}: ${d.message}`,
    ...(d.related ?? []).map((r) => `  ${r.file}:${r.span.start.line}:${r.span.start.column}: ${r.message}`),
  ]);
}

/** A valid program to build tests on: one synthetic domain, one schedule, one experiment. */
export const LARYNX = "domain larynx { data synth larynx 100 }";
export const HEAD = "schedule s { stage a { train head; epochs 1 } }";
export const EXPERIMENT = "experiment e { models resnet18; chain scratch -> larynx with s }";
