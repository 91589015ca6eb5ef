import type { CodeTable } from "./entry.js";

/**
 * THTL1000-1099: the lexer and the parser. Placeholders hold already-quoted text (`'}'`,
 * `a name`, `the end of the file`), so messages read the same whatever the parser expected.
 */
export const SYNTAX_CODES = {
  THTL1000: {
    severity: "error",
    message: "unexpected character {char}",
    example: "domain fundus { image 64x64 @ }",
  },
  THTL1001: {
    severity: "error",
    message: "unterminated string: add a closing '\"' before the end of the line",
    example: 'domain fundus { data imagefolder "data/fundus }',
  },
  THTL1002: {
    severity: "error",
    message: "unknown escape '\\{char}' in a string: use \\\", \\\\, \\n or \\t",
    example: 'domain fundus { data imagefolder "data\\fundus" }',
  },
  THTL1003: {
    severity: "error",
    message: "blocks are nested more than {max} levels deep; the rest of the file was not read",
    example: "domain d {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
  },
  THTL1004: {
    severity: "error",
    message: "this file is written for language version {version}, but thtl reads version 1",
    example: "version 2",
  },
  THTL1010: {
    severity: "error",
    message: "expected {expected} but found {found}",
    example: "domain { classes a, b }",
  },
  THTL1011: {
    severity: "error",
    message: "expected '}' to close {block} but found {found}",
    example: "domain fundus { classes a, b epochs 3 }",
  },
  THTL1012: {
    severity: "error",
    message: "{owner} needs at least one {item}, but found {found}",
    example: "schedule empty { }",
  },
  THTL1013: {
    severity: "error",
    message: "expected a declaration (import, domain, model, schedule or experiment) but found {found}",
    example: "schedule s { stage a { epochs 1 } } }",
  },
  THTL1005: {
    severity: "error",
    message: "a split ratio has two or three parts, such as 80/20 or 70/15/15, but {ratio} has {count}",
    example: "domain fundus { split 60/20/10/10 }",
  },
  THTL1006: {
    severity: "error",
    message: "{more} more syntax errors after this point are not shown; fix the ones above first",
    example: "a binary file renamed to .thtl, which gives thousands of unexpected characters",
  },
  THTL1014: {
    severity: "error",
    message: "{found} is not a statement of {block}; did you mean '{suggestion}'?",
    example: "schedule s { stage head { train head; epoch 3 } }",
  },
  THTL1015: {
    severity: "error",
    message: "{found} is not a declaration; did you mean '{suggestion}'?",
    example: "shedule s { stage head { train head; epochs 3 } }",
  },
  THTL1099: {
    severity: "error",
    message: "internal error while parsing this file ({detail}); please report it with the file",
    example: "no source should produce this; it marks a bug in the parser",
  },
} as const satisfies CodeTable;
