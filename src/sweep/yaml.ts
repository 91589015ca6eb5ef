/**
 * YAML for Kubernetes manifests: block mappings and sequences, every string double-quoted as
 * JSON writes it (valid YAML, and never read as a number, a boolean or null), multi-line strings
 * as literal blocks. Only what manifests hold: objects, arrays, strings, numbers, booleans.
 */
export function toYaml(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return value.map((item) => `\n${indent}- ${nested(item, `${indent}  `).trimStart()}`).join("");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return entries
      .map(([key, v]) => `\n${indent}${key}: ${nested(v, `${indent}  `)}`)
      .join("")
      .replace(/: \n/g, ":\n");
  }
  if (typeof value === "string" && value.includes("\n")) {
    return `|${value.endsWith("\n") ? "" : "-"}\n${value
      .replace(/\n$/, "")
      .split("\n")
      .map((line) => `${indent}${line}`)
      .join("\n")}`;
  }
  return JSON.stringify(value);
}

function nested(value: unknown, indent: string): string {
  return toYaml(value, indent);
}

/** A manifest document: `---`-separated when written several to a file. */
export function yamlDocument(value: unknown): string {
  return `${toYaml(value).replace(/^\n/, "")}\n`;
}
