import { finalCamGrid } from "./cam-images.js";
import { barsSpec, confusionSpec, curvesSpec } from "./chart-specs.js";
import { CONTRAST_COLUMNS, contrastRows, summaryCell } from "./format.js";
import type { RunGroup } from "./groups.js";
import { CONTRAST_NOTE, INTERVAL_NOTE } from "./markdown.js";
import { METRIC_LABELS, METRIC_NAMES, type Report } from "./report-types.js";
import { renderSvg } from "./render-svg.js";

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.figs{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0}figcaption{font-size:12px;color:#555}.cam img{max-width:100%;image-rendering:pixelated}`;

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[]): string {
  const cell = (text: string, i: number) => `<td${numeric.includes(i) ? ' class="n"' : ""}>${escapeHtml(text)}</td>`;
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("")}</tbody></table>`;
}

function groupTable(report: Report): string {
  const rows = report.groups.map((g) => [
    g.experiment,
    g.model,
    String(g.runs.length),
    ...METRIC_NAMES.map((name) => summaryCell(g.metrics[name])),
  ]);
  return table(
    ["experiment", "model", "n", ...METRIC_NAMES.map((name) => METRIC_LABELS[name])],
    rows,
    [2, 3, 4, 5, 6, 7],
  );
}

function contrastTable(report: Report): string {
  const rows = contrastRows(report);
  return table(CONTRAST_COLUMNS, rows, [2, 4, 5, 6, 7, 8]);
}

async function figures(items: { caption: string; spec: Parameters<typeof renderSvg>[0] }[]): Promise<string> {
  const rendered = await Promise.all(
    items.map(
      async (item) =>
        `<figure>${await renderSvg(item.spec)}<figcaption>${escapeHtml(item.caption)}</figcaption></figure>`,
    ),
  );
  return `<div class="figs">${rendered.join("")}</div>`;
}

/** Per arm and model, the final LayerCAM grid of its first run (lowest seed) that kept maps. */
function camSection(groups: readonly RunGroup[]): string {
  const grids = groups.flatMap((group) => {
    for (const run of group.runs) {
      const grid = finalCamGrid(run);
      if (grid) return [{ id: run.run.id, grid }];
    }
    return [];
  });
  if (grids.length === 0) return "<p>No run kept LayerCAM maps (<code>thtl run --cam</code>).</p>";
  const note =
    "<p>One run per arm and model (the lowest seed that kept maps), after its last stage: rows are fixed validation images, columns the layers mapped and their fusion. Every stage's maps are under <code>RUN/cam/</code>.</p>";
  return (
    note +
    grids
      .map(
        ({ id, grid }) =>
          `<figure class="cam"><img alt="${escapeHtml(`${id}: ${grid.path}`)}" src="${grid.uri}"><figcaption>${escapeHtml(`${id} · ${grid.path}`)}</figcaption></figure>`,
      )
      .join("")
  );
}

/** `report.html`: one file, no script and no external resource; the figures are inline SVG. */
export async function renderHtml(report: Report, groups: readonly RunGroup[]): Promise<string> {
  const runs = groups.flatMap((g) => g.runs);
  const sections = [
    `<h1>thtl report</h1><p>${escapeHtml(INTERVAL_NOTE)}</p>`,
    groupTable(report),
    report.contrasts.length > 0 ? `<h2>Contrasts</h2><p>${escapeHtml(CONTRAST_NOTE)}</p>${contrastTable(report)}` : "",
    `<h2>Test metrics by arm and model</h2>${await figures([{ caption: "Bars: mean over seeds; black rules: 95% interval.", spec: barsSpec(report) }])}`,
    `<h2>Learning curves</h2><p>Dashed rules mark where each stage starts; the purple step line is the number of trainable parameters (right axis).</p>`,
    await figures(runs.map((run) => ({ caption: "", spec: curvesSpec(run) }))),
    `<h2>Confusion matrices (test split, summed over seeds)</h2>`,
    await figures(
      groups.map((group) => ({ caption: "rows: actual class; columns: predicted", spec: confusionSpec(group) })),
    ),
    `<h2>LayerCAM maps</h2>`,
    camSection(groups),
  ];
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>thtl report</title><style>${STYLE}</style></head><body>${sections.join("\n")}</body></html>\n`;
}
