import type { ILexingResult } from "chevrotain";
import { Lexer } from "./chevrotain.js";
import { ALL_TOKENS } from "./tokens.js";

let instance: Lexer | undefined;

/**
 * The lexer, built once. Its checks run only when asked (tests), since they cost start-up time
 * that every `thtl check` would pay.
 */
export function thtlLexer(options: { validate?: boolean } = {}): Lexer {
  if (options.validate) {
    return new Lexer(ALL_TOKENS, { ensureOptimizations: true, positionTracking: "full" });
  }
  instance ??= new Lexer(ALL_TOKENS, { skipValidations: true, positionTracking: "full" });
  return instance;
}

export function tokenize(text: string): ILexingResult {
  return thtlLexer().tokenize(text);
}
