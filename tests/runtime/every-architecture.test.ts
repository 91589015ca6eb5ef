import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { compileFile } from "../../src/compile/index.js";
import { ARCHITECTURE_NAMES, getArchitecture } from "../../src/models/catalogue.js";
import type { Plan, PlanRun } from "../../src/plan/types.js";
import type { RunMetrics } from "../../src/runtime/record-types.js";
import { tempDirs } from "./helpers.js";

/**
 * Every architecture of the catalogue, in every variant, trains: one epoch of all layers, then a
 * head-only stage on the frozen backbone, at the smallest input it accepts, at width 0.125 on a
 * handful of synthetic images, on the wasm and the cpu backend, as `thtl run PLAN.json` runs it.
 */
const newDir = tempDirs("thtl-every-arch-");
let dir: string;

function source(): string {
  const models = ARCHITECTURE_NAMES.map((arch) => {
    const { height, width } = getArchitecture(arch)!.minInput;
    return `model m_${arch} { arch ${arch}; width 0.125; input ${height}x${width} }`;
  });
  return `version 1
${models.join("\n")}
domain shapes { data synth natural 12  split 50/25/25 seed 1 }
experiment e {
  models ${ARCHITECTURE_NAMES.map((arch) => `m_${arch}`).join(", ")}
  chain scratch -> shapes with {
    stage all { train all; epochs 1; batch 4 }
    stage head { train head; epochs 1; batch 4 }
  }
}
`;
}

/** The same run built as another variant: the parameter counts the plan checks follow the variant's graph. */
function asVariant(run: PlanRun, variant: "torchvision" | "keras"): PlanRun {
  const { arch, width, dropout } = run.architecture;
  const hop = run.hops[0]!;
  const summary = getArchitecture(arch)!.describe({
    width,
    dropout,
    input: run.input,
    classes: hop.classes.length,
    variant,
  });
  const params = new Map(summary.groups.map((g) => [g.name, g.params]));
  const stages = hop.stages.map((stage) => ({
    ...stage,
    trainableParams: stage.trainable.reduce((sum, g) => sum + params.get(g)!, 0),
    totalParams: summary.totalParams,
  }));
  return {
    ...run,
    id: run.id.replace("/seed", `_${variant}/seed`),
    model: `${run.model}_${variant}`,
    architecture: { ...run.architecture, variant },
    hops: [{ ...hop, stages }],
  };
}

beforeAll(() => {
  dir = newDir();
  writeFileSync(join(dir, "every.thtl"), source());
  const { plan, diagnostics } = compileFile("every.thtl", { cwd: dir });
  if (!plan) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  const runs = plan!.runs.flatMap((run) =>
    getArchitecture(run.architecture.arch)!.variants.map((variant) => asVariant(run, variant)),
  );
  writeFileSync(join(dir, "every.json"), JSON.stringify({ ...plan!, runs } satisfies Plan));
});

describe("every architecture trains", () => {
  for (const backend of ["wasm", "cpu"]) {
    it(`on ${backend}`, async () => {
      const record = recordingIO({ cwd: dir });
      const code = await main(["run", "every.json", "--backend", backend, "--out", `runs-${backend}`], record.io);
      const plan = JSON.parse(readFileSync(join(dir, "every.json"), "utf8")) as Plan;
      expect(plan.runs).toHaveLength(15);
      const statuses = plan.runs.map((run) => {
        const metrics = JSON.parse(
          readFileSync(join(dir, `runs-${backend}`, ...run.id.split("/"), "metrics.json"), "utf8"),
        ) as RunMetrics;
        return [run.id, metrics.status, metrics.error, metrics.hops[0]!.stages.map((s) => s.epochs.length)];
      });
      expect(statuses.filter(([, status]) => status !== "done")).toEqual([]);
      expect(statuses).toEqual(plan.runs.map((run) => [run.id, "done", null, [1, 1]]));
      expect(record.err).toBe("");
      expect(code).toBe(0);
    }, 900_000);
  }
});
