import { readFileSync } from "node:fs";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { Span } from "./ast.js";

/** Problems with a whole file have no better place to point at than its start. */
const FILE_START: Span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

const REPLACEMENT = "\uFFFD";

/**
 * Reads a `.thtl` file as UTF-8 text (a leading byte-order mark is dropped). A file that is
 * missing, a folder, unreadable, binary or not UTF-8 gives a diagnostic naming it instead, as
 * `file` (default: the path; commands pass the name the user typed, the path being absolute).
 */
export function readSource(path: string, file: string = path): { text: string } | { diagnostic: Diagnostic } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { diagnostic: readFailure(file, error as NodeJS.ErrnoException) };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { diagnostic: diagnostic("THTL5004", { file, offset: nul }, file, FILE_START) };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidByte(bytes);
    return { diagnostic: diagnostic("THTL5003", { file, ...bad }, file, FILE_START) };
  }
}

function readFailure(file: string, error: NodeJS.ErrnoException): Diagnostic {
  if (error.code === "ENOENT") return diagnostic("THTL5000", { file }, file, FILE_START);
  if (error.code === "EISDIR") return diagnostic("THTL5001", { file }, file, FILE_START);
  const reason = error.code === "EACCES" || error.code === "EPERM" ? "permission denied" : error.message;
  return diagnostic("THTL5002", { file, reason }, file, FILE_START);
}

/**
 * Where decoding first fails: the lenient decoder puts U+FFFD there, unless the file itself holds
 * a genuine U+FFFD (bytes EF BF BD), which is skipped.
 */
function firstInvalidByte(bytes: Buffer): { line: number; offset: number } {
  const text = new TextDecoder("utf-8").decode(bytes);
  for (let index = text.indexOf(REPLACEMENT); index !== -1; index = text.indexOf(REPLACEMENT, index + 1)) {
    const prefix = text.slice(0, index);
    const offset = Buffer.byteLength(prefix, "utf8");
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) {
      return { line: prefix.split("\n").length, offset };
    }
  }
  return { line: 1, offset: 0 };
}
