import { CLI_CODES } from "./cli.js";
import { DATA_CODES } from "./data.js";
import { RUNTIME_CODES } from "./runtime.js";
import { SEMANTIC_CODES } from "./semantic.js";
import { SYNTAX_CODES } from "./syntax.js";

/** The code ranges in the order `docs/diagnostics.md` lists them, one table file each. */
export const CODE_RANGES = [
  { title: "THTL1000-1099: syntax (lexer and parser)", codes: SYNTAX_CODES },
  {
    title: "THTL2000-2999: semantic checks (names, domains, schedules, selectors, chains, imports)",
    codes: SEMANTIC_CODES,
  },
  { title: "THTL3000-3099: data loading and inspection", codes: DATA_CODES },
  { title: "THTL4000-4099: runtime (weights, training guards, resume)", codes: RUNTIME_CODES },
  { title: "THTL5000-5099: command line (files and arguments)", codes: CLI_CODES },
] as const;

/**
 * Every diagnostic code. The tables keep their literal types, so `Code` is the union of the codes
 * and each message's `{name}` placeholders are known to the compiler: a mistyped code or a missing
 * argument fails to compile (TypeScript's own `diagnosticMessages` are the model).
 */
export const CATALOGUE = { ...SYNTAX_CODES, ...SEMANTIC_CODES, ...DATA_CODES, ...RUNTIME_CODES, ...CLI_CODES };

export type Code = keyof typeof CATALOGUE;

/** The names of a message template's `{name}` placeholders. */
type Placeholders<Message extends string> = Message extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** The arguments a code's message needs: exactly its placeholders. */
export type MessageArgs<C extends Code> = { [Name in Placeholders<(typeof CATALOGUE)[C]["message"]>]: string | number };
