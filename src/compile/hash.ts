/**
 * JSON with object keys sorted at every level, so equal values always give equal text
 * (`undefined` properties are left out, as `JSON.stringify` does). Written with loops: it runs
 * for every stage and hop of a plan, which for large studies is a good part of compile time.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.every(isPrimitive)) return JSON.stringify(value);
    let text = "[";
    for (let i = 0; i < value.length; i++) text += (i > 0 ? "," : "") + canonicalJson(value[i]);
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!isSorted(keys)) keys.sort();
  let text = "{";
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    text += `${text.length > 1 ? "," : ""}${quotedKey(key)}:${canonicalJson(item)}`;
  }
  return `${text}}`;
}

/** What `JSON.stringify` writes the same inside an array as on its own (not `undefined`, which it writes as `null` there). */
function isPrimitive(value: unknown): boolean {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** Plans use a few dozen keys over and over; quoting each once saves a third of the time. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    if (quotedKeys.size >= 1024) quotedKeys.clear();
    quotedKeys.set(key, (quoted = JSON.stringify(key)));
  }
  return quoted;
}

/** Most objects are built with their keys in order already; checking is cheaper than sorting. */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
