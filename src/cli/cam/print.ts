import { relative } from "node:path";
import type { Faithfulness } from "../../runtime/cam/faithfulness-summary.js";
import type { MapFilesResult } from "../../runtime/cam/map-files.js";

/** One line per image: the explained class and where its maps went. */
export function imageLines(result: MapFilesResult, cwd: string): string {
  const rel = (p: string) => relative(cwd, p) || ".";
  const lines = result.images.map((image) => {
    const pngs = Object.values(image.maps).map((m) => rel(m.png));
    return `${rel(image.file)}: ${image.class} (p ${image.probability.toFixed(4)}) -> ${pngs.join(", ")}`;
  });
  return [...lines, ...result.grids.map((g) => `grid: ${rel(g)}`)].join("\n") + "\n";
}

/** The faithfulness table `--metrics` prints, with how the figures were made. */
export function metricsTable(metrics: Record<string, Faithfulness>): string {
  const rows = Object.entries(metrics);
  const width = Math.max(5, ...rows.map(([label]) => label.length));
  const head = `${"layer".padEnd(width)}  images  deletion  insertion  avg_drop  increase`;
  const body = rows.map(
    ([label, m]) =>
      `${label.padEnd(width)}  ${String(m.images).padStart(6)}  ${m.deletion.toFixed(4).padStart(8)}  ${m.insertion.toFixed(4).padStart(9)}  ${m.averageDrop.toFixed(2).padStart(8)}  ${m.increaseInConfidence.toFixed(2).padStart(8)}`,
  );
  const steps = rows[0]?.[1].steps ?? 0;
  const note =
    `deletion/insertion: AUC of the explained class's probability as pixels are removed (set to the mean colour)\n` +
    `or revealed (from a blur, sigma 5) in the map's order, ${steps} steps; lower deletion and higher insertion are better.\n` +
    `avg_drop: Average Drop %, increase: Increase in Confidence % on the image multiplied by its map.`;
  return [head, ...body, "", note, ""].join("\n");
}
