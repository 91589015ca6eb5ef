import type * as Api from "chevrotain";

/**
 * Chevrotain, loaded from its single-file bundle (`lib/chevrotain.mjs`, the same code and version).
 * The package entry imports lodash-es as some 300 modules, which costs 300-600 ms at start-up
 * on a busy machine, against 15-30 ms for the bundle, and `thtl check` must start fast. The
 * bundle is not in the package's `exports`, so it is found next to the entry.
 */
const api: typeof Api = await import(new URL("../chevrotain.mjs", import.meta.resolve("chevrotain")).href);

export const { createToken, tokenMatcher, createSyntaxDiagramsCode } = api;
export const Lexer = api.Lexer;
export type Lexer = Api.Lexer;
export const CstParser = api.CstParser;
export type CstParser = Api.CstParser;
