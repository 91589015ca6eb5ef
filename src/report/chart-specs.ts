import type { TopLevelSpec } from "vega-lite";
import type { RunFolder } from "./collect.js";
import type { RunGroup } from "./groups.js";
import { METRIC_LABELS, METRIC_NAMES, type Report } from "./report-types.js";

/** Bars per arm and model for each metric, with their 95% intervals as error bars. */
export function barsSpec(report: Report): TopLevelSpec {
  const values = report.groups.flatMap((g) =>
    METRIC_NAMES.flatMap((name) => {
      const s = g.metrics[name];
      if (s.mean === null) return [];
      return [
        {
          metric: METRIC_LABELS[name],
          experiment: g.experiment,
          model: g.model,
          mean: s.mean,
          low: s.ci?.[0] ?? s.mean,
          high: s.ci?.[1] ?? s.mean,
        },
      ];
    }),
  );
  return {
    data: { values },
    facet: {
      column: {
        field: "metric",
        type: "nominal",
        sort: METRIC_NAMES.map((n) => METRIC_LABELS[n]),
        title: null,
        header: { labelFontSize: 11 },
      },
    },
    spec: {
      width: { step: 22 },
      height: 180,
      encoding: {
        x: { field: "model", type: "nominal", title: null },
        xOffset: { field: "experiment", type: "nominal" },
        color: { field: "experiment", type: "nominal", title: "experiment" },
      },
      layer: [
        {
          mark: { type: "bar", clip: true },
          encoding: {
            y: { field: "mean", type: "quantitative", title: "mean (95% interval)", scale: { domain: [0, 1] } },
          },
        },
        // Intervals of a few seeds can reach past [0, 1]; the table gives them unclipped.
        {
          mark: { type: "rule", color: "black", clip: true },
          encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color: { value: "black" } },
        },
      ],
    },
  };
}

/**
 * One run's learning curves over all its hops and stages: training loss, validation loss and
 * accuracy by epoch, a rule at each stage's start (labelled hop/stage), and the trainable
 * parameter count as a step line on its own axis.
 */
export function curvesSpec(folder: RunFolder): TopLevelSpec {
  const points: { epoch: number; series: string; value: number }[] = [];
  const stages: { epoch: number; label: string; params: number }[] = [];
  let offset = 0;
  folder.metrics.hops.forEach((hop, h) => {
    hop.stages.forEach((stage, s) => {
      const params = folder.run.hops[h]?.stages[s]?.trainableParams ?? 0;
      stages.push({ epoch: offset + 0.5, label: `${hop.domain}/${stage.name}`, params });
      for (const e of stage.epochs) {
        const epoch = offset + e.epoch;
        points.push(
          { epoch, series: "train loss", value: e.loss },
          { epoch, series: "val loss", value: e.val.loss },
          { epoch, series: "val accuracy", value: e.val.acc },
        );
      }
      offset += stage.epochs.length;
    });
  });
  const steps = [...stages, { epoch: offset + 0.5, label: "", params: stages.at(-1)?.params ?? 0 }];
  const x = {
    field: "epoch",
    type: "quantitative" as const,
    title: "epoch (all hops)",
    scale: { domain: [0.5, offset + 0.5] },
  };
  return {
    title: { text: folder.run.id, fontSize: 12 },
    width: 420,
    height: 170,
    layer: [
      {
        layer: [
          {
            data: { values: points },
            mark: { type: "line", point: true },
            encoding: {
              x,
              y: { field: "value", type: "quantitative", title: "loss / accuracy" },
              color: { field: "series", type: "nominal", title: null },
            },
          },
          { data: { values: stages }, mark: { type: "rule", strokeDash: [3, 3], color: "#888" }, encoding: { x } },
          {
            data: { values: stages },
            mark: { type: "text", align: "left", baseline: "top", dx: 2, fontSize: 9, angle: 0, color: "#555" },
            encoding: { x, y: { value: 0 }, text: { field: "label" } },
          },
        ],
      },
      {
        data: { values: steps },
        mark: { type: "line", interpolate: "step-after", color: "#b07aa1", strokeWidth: 1.5 },
        encoding: {
          x,
          y: {
            field: "params",
            type: "quantitative",
            title: "trainable parameters",
            axis: { orient: "right", format: "~s", titleColor: "#b07aa1" },
          },
        },
      },
    ],
    resolve: { scale: { y: "independent" } },
  };
}

/** A group's test confusion matrix, summed over its runs (rows: actual class). */
export function confusionSpec(group: RunGroup): TopLevelSpec {
  const classes = group.runs[0]!.metrics.hops.at(-1)!.classes;
  const cells = classes.flatMap((actual, i) =>
    classes.map((predicted, j) => ({
      actual,
      predicted,
      count: group.runs.reduce((sum, run) => sum + (run.metrics.test?.confusion[i]?.[j] ?? 0), 0),
    })),
  );
  const sort = classes;
  return {
    title: {
      text: `${group.experiment} / ${group.model} (${group.runs.length} ${group.runs.length === 1 ? "run" : "runs"})`,
      fontSize: 11,
    },
    data: { values: cells },
    width: { step: 44 },
    height: { step: 30 },
    encoding: { x: { field: "predicted", type: "nominal", sort }, y: { field: "actual", type: "nominal", sort } },
    layer: [
      {
        mark: "rect",
        encoding: { color: { field: "count", type: "quantitative", legend: null, scale: { scheme: "blues" } } },
      },
      { mark: { type: "text", fontSize: 11 }, encoding: { text: { field: "count", type: "quantitative" } } },
    ],
  };
}
