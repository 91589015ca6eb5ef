import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level, so equal values always give equal text
 * (`undefined` properties are left out, as `JSON.stringify` does). Written with loops: it runs
 * once per stage of every run, which for large studies is most of compile time.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = "[";
    for (let i = 0; i < value.length; i++) text += (i > 0 ? "," : "") + canonicalJson(value[i]);
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = "{";
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    text += `${text.length > 1 ? "," : ""}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
  }
  return `${text}}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
