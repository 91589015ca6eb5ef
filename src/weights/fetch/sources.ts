import { readFileSync } from "node:fs";
import type { Framework } from "../import/source.js";

const SOURCES_URL = new URL("../../../assets/weight-sources.json", import.meta.url);

/** A published weights file: where it is and the hash its publisher gives (a sha256 prefix or an md5). */
export interface OfficialFile {
  arch: string;
  framework: Framework;
  url: string;
  fileName: string;
  hash: { algorithm: "sha256" | "md5"; expected: string } | null;
}

interface SourceTable {
  torchvision: Record<string, { url: string }>;
  keras: Record<string, { top: { url: string; md5?: string }; notop: { url: string; md5?: string } }>;
}

const table = (): SourceTable => JSON.parse(readFileSync(SOURCES_URL, "utf8")) as SourceTable;

/** The architectures a framework publishes weights for. */
export function publishedArchitectures(framework: Framework): string[] {
  return Object.keys(table()[framework]);
}

/**
 * The official file of an architecture, or a sentence saying why there is none. torchvision's
 * file names carry the start of their sha256 (`resnet18-f37072fd.pth`); Keras gives md5s.
 */
export function officialFile(arch: string, framework: Framework, notop: boolean): OfficialFile | string {
  const sources = table();
  if (framework === "torchvision") {
    const entry = sources.torchvision[arch];
    if (!entry) return `torchvision publishes no ${arch} weights that thtl knows; it has ${publishedArchitectures("torchvision").join(", ")}`;
    if (notop) return "torchvision publishes its files with their classifier only; import one and start with `head new`";
    const fileName = entry.url.slice(entry.url.lastIndexOf("/") + 1);
    const prefix = /-([0-9a-f]{8,})\.pth$/.exec(fileName)?.[1];
    return { arch, framework, url: entry.url, fileName, hash: prefix ? { algorithm: "sha256", expected: prefix } : null };
  }
  const entry = sources.keras[arch];
  if (!entry) return `Keras Applications publishes no ${arch} weights; it has ${publishedArchitectures("keras").join(", ")}`;
  const file = notop ? entry.notop : entry.top;
  const fileName = file.url.slice(file.url.lastIndexOf("/") + 1);
  return { arch, framework, url: file.url, fileName, hash: file.md5 ? { algorithm: "md5", expected: file.md5 } : null };
}

/** The URL with its scheme and host replaced by `base` (a mirror, or a test's server). */
export function mirrored(url: string, base: string | undefined): string {
  if (!base) return url;
  const path = new URL(url).pathname;
  return new URL(path.replace(/^\//, ""), base.endsWith("/") ? base : `${base}/`).toString();
}
