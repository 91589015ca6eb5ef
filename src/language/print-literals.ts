import type { NumberLiteral, Selector, SizeLiteral, StringLiteral } from "./ast.js";

/**
 * The canonical spelling of a number, derived from the text as written and never from the value
 * (so `1e-4` stays `1e-4` rather than becoming `0.0001`): lower-case `e`, no `+` or leading zeros
 * in the exponent, no `e0`, no leading zeros in the whole part, no trailing zeros in the fraction.
 */
export function canonicalNumber(raw: string): string {
  const match = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?)([0-9]+))?$/.exec(raw);
  if (!match) return raw;
  const [, sign, whole, fraction = "", expSign = "", exponent = ""] = match;
  const wholePart = whole!.replace(/^0+(?=\d)/, "");
  const fractionPart = fraction.replace(/0+$/, "");
  const exponentDigits = exponent.replace(/^0+(?=\d)/, "");
  const exponentPart =
    exponentDigits === "" || exponentDigits === "0" ? "" : `e${expSign === "-" ? "-" : ""}${exponentDigits}`;
  const mantissa = fractionPart === "" ? wholePart : `${wholePart}.${fractionPart}`;
  return `${sign}${mantissa}${exponentPart}`;
}

export function printNumber(n: NumberLiteral): string {
  return canonicalNumber(n.raw);
}

export function printSize(s: SizeLiteral): string {
  return `${s.height}x${s.width}`;
}

const ESCAPED: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t" };

export function printString(s: StringLiteral): string {
  return `"${s.value.replace(/["\\\n\t]/g, (char) => ESCAPED[char]!)}"`;
}

export function printSelector(s: Selector): string {
  switch (s.kind) {
    case "AllSelector":
      return "all";
    case "HeadSelector":
      return "head";
    case "GroupSelector":
      return s.name.value;
    case "RangeSelector":
      return `${s.from.value}..${s.to.value}`;
    case "LastSelector":
      return `last ${printNumber(s.count)}`;
    case "GlobSelector":
      return printString(s.pattern);
  }
}
