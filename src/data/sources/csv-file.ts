import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { CsvSyntaxError, parseCsv, type CsvRow } from "../csv.js";
import { fileKind, formatName } from "../formats.js";
import { dataProblem } from "../problems.js";
import type { KeyedSample } from "../split.js";
import type { Listing } from "./listing.js";

/**
 * `data csv "FILE" root "DIR"`: a header row naming `path` and `label` (in any position, other
 * columns ignored), then one row per image. Paths are relative to `root`, by default the CSV's
 * folder. `declared` is the plan's class list; when empty, the labels found (sorted) are the classes.
 */
export function listCsv(baseDir: string, shown: string, shownRoot: string, declared: readonly string[]): Listing {
  const fail = (problem: Listing["problems"][number]): Listing => ({ classes: [...declared], samples: [], problems: [problem] });
  const path = resolve(baseDir, shown);
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return fail(dataProblem("THTL3005", { file: shown }));
  let rows: CsvRow[];
  try {
    rows = parseCsv(readFileSync(path, "utf8"));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return fail(dataProblem("THTL3006", { file: shown, line: error.line, reason: error.message }));
  }
  const header = rows[0]?.fields.map((field) => field.trim().toLowerCase()) ?? [];
  const pathColumn = header.indexOf("path");
  const labelColumn = header.indexOf("label");
  if (pathColumn < 0 || labelColumn < 0) return fail(dataProblem("THTL3010", { file: shown, found: rows[0]?.fields.join(",") ?? "" }));
  const body = rows.slice(1);
  if (body.length === 0) return fail(dataProblem("THTL3015", { file: shown }));

  const rootShown = shownRoot === "" ? dirname(shown) : shownRoot;
  const root = resolve(baseDir, rootShown);
  const width = Math.max(pathColumn, labelColumn) + 1;
  const labels = body.filter((row) => row.fields.length >= width).map((row) => row.fields[labelColumn].trim());
  const classes = declared.length > 0 ? [...declared] : [...new Set(labels.filter((label) => label !== ""))].sort();
  const problems: Listing["problems"] = [];
  const samples: KeyedSample[] = [];
  const firstLine = new Map<string, number>();
  const labelled = new Set<number>();
  for (const row of body) {
    if (row.fields.length < width) {
      const reason = `expected at least ${width} fields (the header's 'path' and 'label' columns) but found ${row.fields.length}: add the missing field`;
      problems.push(dataProblem("THTL3006", { file: shown, line: row.line, reason }));
      continue;
    }
    const written = row.fields[pathColumn].trim();
    const label = classes.indexOf(row.fields[labelColumn].trim());
    labelled.add(label);
    const file = isAbsolute(written) ? written : join(root, written);
    const fileShown = isAbsolute(written) ? written : join(rootShown, written);
    const key = relative(root, file).split("\\").join("/");
    const first = firstLine.get(key);
    if (first !== undefined) {
      problems.push(dataProblem("THTL3012", { file: fileShown, csv: shown, first, line: row.line }));
    } else if (label < 0) {
      const labelText = row.fields[labelColumn].trim();
      problems.push(dataProblem("THTL3002", { file: shown, line: row.line, label: labelText, classes: classes.join(", ") }));
    } else if (!existsSync(file)) {
      problems.push(dataProblem("THTL3003", { file: fileShown, line: row.line, csv: shown }));
    } else if (fileKind(file) !== "image") {
      problems.push(dataProblem("THTL3011", { file: fileShown, format: formatName(file) || "extension-less" }));
    } else {
      samples.push({ file, label, key, shown: fileShown });
    }
    if (first === undefined) firstLine.set(key, row.line);
  }
  for (const [label, name] of classes.entries()) {
    if (!labelled.has(label)) {
      problems.push(dataProblem("THTL3014", { file: shown, class: name }));
    }
  }
  return { classes, samples, problems };
}
