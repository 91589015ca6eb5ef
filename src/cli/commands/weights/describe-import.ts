import type { ImportedWeights } from "../../../weights/import/metadata.js";

const SHOWN = 4;
const NAMES: Record<ImportedWeights["classNames"], string> = { imagenet: " (ImageNet)", given: "", none: " (unnamed: name them with --classes)" };

/** A list for one line: all of it when short, else its first items and how many more. */
function some(items: readonly string[]): string {
  if (items.length === 0) return "none";
  const shown = items.slice(0, SHOWN).join(", ");
  return items.length > SHOWN ? `${items.length}: ${shown}, ... (all in thtl-weights.json)` : shown;
}

/** What `thtl weights import` prints: what was imported, as what, and the import report. */
export function describeImport(m: ImportedWeights, out: string): string {
  const classes =
    m.classCount === null
      ? "none: the file has no classifier, so it is a backbone"
      : `${m.classCount}${NAMES[m.classNames]}`;
  const lines = [
    `imported ${m.source.file} (${m.framework}, sha256 ${m.source.sha256.slice(0, 8)}...) as ${m.arch} into ${out}/`,
    `  classes      ${classes}`,
    `  loaded       ${m.report.loaded.length} layers`,
    `  missing      ${some(m.report.missing)}`,
    `  unexpected   ${some(m.report.unexpected)}`,
  ];
  if (m.report.byPosition.length > 0) {
    const pairs = m.report.byPosition.map((p) => `${p.file} -> ${p.model}`);
    lines.push(`  by position  ${some(pairs)} (Keras generated these names; matched in order, as Keras loads)`);
  }
  return `${lines.join("\n")}\n`;
}
