import type { IToken } from "chevrotain";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Document, Position, Span } from "../language/ast.js";
import { declarationChunks } from "../language/chunks.js";
import { tokenSpan } from "../language/cst-access.js";
import { toDocument, toDocumentPart, type DocumentPart } from "../language/cst-to-ast.js";
import { comment, limitCount, limitDepth, parse } from "../language/parse.js";
import { FileTokens, lexerDiagnostic, parserDiagnostics } from "../language/parse-errors.js";
import { thtlParser } from "../language/parser.js";
import { UnterminatedString } from "../language/tokens.js";
import { IncrementalLexer } from "./incremental-lex.js";

interface Chunk {
  /** Where its first token was when it was parsed. */
  at: Position;
  part: DocumentPart;
  diagnostics: Diagnostic[];
}

const FILE_START: Position = { offset: 0, line: 1, column: 1 };

type Parsed = { document: Document; diagnostics: Diagnostic[] };

/**
 * `parse` for a file that changes one keystroke at a time. The file is parsed declaration by
 * declaration, as `parse` does it; a declaration whose text is unchanged since the last version
 * keeps its tree, moved to its new place, so an edit re-parses only the declaration it touches
 * (and only the lines it touches are lexed again). The result equals `parse`'s (tested).
 */
export class IncrementalParser {
  private chunks = new Map<string, (Chunk & { text: string })[]>();
  private lexer = new IncrementalLexer();

  parse(source: string, file: string): Parsed {
    try {
      return this.parseReusing(source, file);
    } catch {
      this.chunks.clear();
      this.lexer = new IncrementalLexer();
      return parse(source, file);
    }
  }

  private parseReusing(source: string, file: string): Parsed {
    const lexed = this.lexer.lex(source);
    const diagnostics = lexed.errors.map((e) => lexerDiagnostic(e, source, file));
    for (const t of lexed.tokens) {
      if (t.tokenType === UnterminatedString) diagnostics.push(diagnostic("THTL1001", {}, file, tokenSpan(t)));
    }
    const tokens = limitDepth(lexed.tokens, file, diagnostics);
    const fileTokens = new FileTokens(file, tokens);
    const previous = this.chunks;
    this.chunks = new Map();
    const parts = declarationChunks(tokens).map(([start, end]) => {
      const identity = chunkIdentity(source, tokens, start, end);
      const first = tokens[start];
      const at = first ? tokenSpan(first).start : FILE_START;
      const candidates = identity && previous.get(identity.key);
      const index = candidates?.findIndex((c) => c.text === identity!.text) ?? -1;
      // each tree serves one place: two identical declarations in a file get a tree each
      const reused = index === -1 ? undefined : candidates!.splice(index, 1)[0];
      const chunk = reused ? moved(reused, at) : parseChunk(tokens, start, end, fileTokens, file, at);
      // broken declarations are parsed again: some messages name lines, and they are being edited
      if (identity && chunk.diagnostics.length === 0) {
        const kept = this.chunks.get(identity.key) ?? [];
        this.chunks.set(identity.key, [...kept, { ...chunk, text: identity.text }]);
      }
      for (const d of chunk.diagnostics) diagnostics.push(d);
      return chunk.part;
    });
    const document = toDocument(parts, source, file);
    document.comments = lexed.comments.map(comment);
    diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
    return { document, diagnostics: limitCount(diagnostics, file) };
  }
}

/**
 * What a declaration's parse depends on: its text, the column it starts at (columns on its first
 * line), and the token after it (messages about a missing `}` quote it). The text is compared as
 * it is; the key, cheap to hash, only narrows the search (hashing whole declarations on every
 * keystroke costs more than the comparison).
 */
function chunkIdentity(
  source: string,
  tokens: IToken[],
  start: number,
  end: number,
): { key: string; text: string } | undefined {
  const first = tokens[start];
  const last = tokens[end - 1];
  if (!first || !last) return undefined;
  const text = source.slice(first.startOffset, last.endOffset! + 1);
  return {
    key: `${first.startColumn} ${tokens[end]?.image ?? ""} ${text.length} ${first.image} ${tokens[start + 1]?.image ?? ""}`,
    text,
  };
}

function parseChunk(
  tokens: IToken[],
  start: number,
  end: number,
  fileTokens: FileTokens,
  file: string,
  at: Position,
): Chunk {
  const parser = thtlParser();
  parser.input = tokens.slice(start, end);
  const cst = parser.document();
  const diagnostics = parserDiagnostics(parser.errors, fileTokens, tokens[end]);
  const part = toDocumentPart(cst, { file, diagnostics });
  parser.input = [];
  return { at, part, diagnostics };
}

/** A chunk moved to start at `at`: every position in its tree and diagnostics shifted in place. */
function moved(chunk: Chunk, at: Position): Chunk {
  const offset = at.offset - chunk.at.offset;
  const line = at.line - chunk.at.line;
  if (offset === 0 && line === 0) return chunk;
  // Positions only ever sit in `span` fields; a span or position may be shared by two nodes.
  const shifted = new Set<Position>();
  const shift = (position: Position) => {
    if (shifted.has(position)) return;
    shifted.add(position);
    position.offset += offset;
    position.line += line;
  };
  const stack: object[] = [chunk.part, chunk.diagnostics];
  while (stack.length > 0) {
    const value = stack.pop() as Record<string, unknown>;
    for (const key in value) {
      const field = value[key];
      if (typeof field !== "object" || field === null) continue;
      if (key === "span") {
        shift((field as Span).start);
        shift((field as Span).end);
      } else {
        stack.push(field);
      }
    }
  }
  return { ...chunk, at };
}
