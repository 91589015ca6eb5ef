import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { Plan } from "../../src/plan/types.js";
import { newSweepRecord } from "../../src/sweep/record.js";
import { k8sProblems, referencedNames } from "./k8s-required.js";
import { project, thtl } from "./fixtures.js";

const dir = project();
const schema = JSON.parse(readFileSync(new URL("../../schema/sweep.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

describe("thtl sweep --dry-run", () => {
  it("slurm: prints one job array (a task per run, %jobs, logs %A_%a, USR2 before the limit) and the report job after it", async () => {
    const args = [
      "--partition",
      "gpu",
      "--time",
      "02:00:00",
      "--cpus-per-task",
      "4",
      "--gpus-per-task",
      "1",
      "--mem",
      "16G",
      "--sbatch-arg=--qos=long",
      "--signal",
      "120",
    ];
    const { code, out, err } = await thtl(
      dir,
      "sweep",
      "study.thtl",
      "--engine",
      "slurm",
      "--jobs",
      "1",
      "--dry-run",
      "--out",
      "sw",
      ...args,
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    const sbatch = out.split("\n").filter((l) => l.startsWith("#SBATCH"));
    expect(sbatch).toEqual([
      "#SBATCH --job-name=thtl-study",
      "#SBATCH --array=0-1%1",
      `#SBATCH --output=${join(dir, "sw/logs/%A_%a.out")}`,
      "#SBATCH --open-mode=append",
      "#SBATCH --signal=B:USR2@120",
      "#SBATCH --requeue",
      "#SBATCH --partition=gpu",
      "#SBATCH --time=02:00:00",
      "#SBATCH --cpus-per-task=4",
      "#SBATCH --gpus-per-task=1",
      "#SBATCH --mem=16G",
      "#SBATCH --qos=long",
      "#SBATCH --job-name=thtl-study-report",
      `#SBATCH --output=${join(dir, "sw/logs/%j-report.out")}`,
      "#SBATCH --partition=gpu",
    ]);
    expect(out).toContain(
      `run ${join(dir, "sw/plan.json")} --run-index "$SLURM_ARRAY_TASK_ID" --resume --out ${join(dir, "sw/runs")} --store ${join(dir, ".cache/thtl/stages")} &\n`,
    );
    expect(out).toContain(`trap 'requeue=1; kill -USR2 "$child"' USR2\n`);
    expect(out).toContain(`scontrol requeue "\${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID}" && exit 0\n`);
    expect(out).toMatch(/\/bin\/thtl\.js report \S+\/sw\/runs --out \S+\/sw\/report\n/);
    expect(out).toContain(`sbatch --parsable --dependency=afterok:ARRAY_JOB_ID ${join(dir, "sw/slurm/report.sh")}\n`);
  });

  it("local: prints each run's command, and starts nothing", async () => {
    const { code, out } = await thtl(
      dir,
      "sweep",
      "study.thtl",
      "--engine",
      "local",
      "--jobs",
      "2",
      "--dry-run",
      "--out",
      "sw",
    );
    expect(code).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("# 2 runs, 2 at a time, each:");
    expect(lines[2]).toMatch(
      /bin\/thtl\.js run \S+\/sw\/plan\.json --run-index 1 --resume --out \S+\/sw\/runs --store \S+ {2}# b\/tiny\/seed1$/,
    );
  });

  it("--set compiles the .thtl file with overrides, as thtl run does: seeds=1,2 doubles the runs", async () => {
    const { code, out } = await thtl(
      dir,
      "sweep",
      "study.thtl",
      "--engine",
      "local",
      "--dry-run",
      "--set",
      "seeds=1,2",
    );
    expect(code).toBe(0);
    expect(out.split("\n")[0]).toBe("# 4 runs, 1 at a time, each:");
    expect(out).toMatch(/# b\/tiny\/seed2\n$/);
  });

  it("--set on a plan JSON is a usage error: the plan is already compiled", async () => {
    const { code, err } = await thtl(dir, "sweep", "plan.json", "--engine", "local", "--dry-run", "--set", "epochs=1");
    expect(code).toBe(2);
    expect(err).toContain(
      "thtl sweep: --set applies when compiling a .thtl file; a plan JSON is already compiled (use `thtl compile --set`)",
    );
  });

  it("k8s: writes an Indexed Job, a ConfigMap with the plan and a claim for the store, with every field Kubernetes requires", async () => {
    const { code, out } = await thtl(
      dir,
      "sweep",
      "study.thtl",
      "--engine",
      "k8s",
      "--dry-run",
      "--out",
      "sw",
      "--jobs",
      "2",
      "--image",
      "registry.lab/thtl:0.1",
    );
    expect(code).toBe(0);
    expect(out).toContain(`kubectl apply -f ${join(dir, "sw/k8s")}`);
    const docs = ["configmap.yaml", "pvc.yaml", "job.yaml"].map(
      (f) => parseAllDocuments(readFileSync(join(dir, "sw/k8s", f), "utf8"))[0]!.toJSON() as Record<string, unknown>,
    );
    for (const doc of docs) expect(k8sProblems(doc)).toEqual([]);
    interface Manifest extends Record<string, unknown> {
      metadata: { name: string };
      data: Record<string, string>;
      spec: { accessModes: string[]; template: { spec: { containers: { image: string; command: string[] }[] } } };
    }
    const [configMap, claim, job] = docs as unknown as [Manifest, Manifest, Manifest];
    expect(job.spec).toMatchObject({
      completionMode: "Indexed",
      completions: 2,
      parallelism: 2,
      backoffLimitPerIndex: 2,
    });
    expect(job.spec.template.spec.containers[0]!.image).toBe("registry.lab/thtl:0.1");
    expect(job.spec.template.spec.containers[0]!.command[2]).toContain('--run-index "$JOB_COMPLETION_INDEX" --resume');
    expect(referencedNames(job)).toEqual({ configMaps: [configMap.metadata.name], claims: [claim.metadata.name] });
    const plan = JSON.parse(configMap.data["plan.json"]!) as Plan;
    expect(plan.runs.map((r) => r.id)).toEqual(["a/tiny/seed1", "b/tiny/seed1"]);
    expect(claim.spec.accessModes).toEqual(["ReadWriteMany"]);
  });

  it("the structural check finds what Kubernetes would reject", () => {
    const bad = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "Bad_Name" },
      spec: {
        completionMode: "Indexed",
        backoffLimitPerIndex: 1,
        template: {
          spec: {
            restartPolicy: "Always",
            containers: [{ name: "c", volumeMounts: [{ name: "x", mountPath: "rel" }] }],
          },
        },
      },
    };
    expect(k8sProblems(bad)).toEqual([
      "Job: metadata.name must be a DNS subdomain",
      "Job: an Indexed Job's name must be a DNS label (its pods' hostnames)",
      "Job: an Indexed Job needs spec.completions",
      "Job: a Job's pods need restartPolicy Never or OnFailure",
      "Job: backoffLimitPerIndex needs restartPolicy Never",
      "Job: a container needs an image",
      "Job: volumeMount x names no volume",
      "Job: volumeMount x needs an absolute mountPath",
    ]);
    expect(
      k8sProblems({
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "c" },
        spec: { accessModes: [], resources: { requests: { storage: "lots" } } },
      }),
    ).toEqual([
      "PersistentVolumeClaim: spec.accessModes must list valid modes",
      "PersistentVolumeClaim: spec.resources.requests.storage must be a quantity",
    ]);
  });

  it("usage errors: no engine, k8s without --dry-run, a bad --jobs, no sweep for --status", async () => {
    expect((await thtl(dir, "sweep", "study.thtl")).err).toMatch(/^thtl sweep: give --engine local, slurm or k8s\n/);
    expect((await thtl(dir, "sweep", "study.thtl", "--engine", "k8s")).err).toMatch(
      /^thtl sweep: --engine k8s writes manifests for kubectl: add --dry-run\n/,
    );
    expect((await thtl(dir, "sweep", "study.thtl", "--engine", "local", "--jobs", "0")).code).toBe(2);
    const status = await thtl(dir, "sweep", "--status", "--out", "nothing");
    expect(status.code).toBe(1);
    expect(status.err).toBe(
      `thtl sweep: no sweep in ${join(dir, "nothing")} (no sweep.json); start one with thtl sweep FILE --engine ...\n`,
    );
    const missing = await thtl(dir, "sweep", "missing.json", "--engine", "local", "--dry-run");
    expect([missing.code, missing.err]).toEqual([
      1,
      "thtl sweep: cannot read 'missing.json': the file does not exist\n",
    ]);
  });
});

describe("schema/sweep.schema.json", () => {
  it("accepts a fresh record and one with Slurm's jobs, and rejects an unknown status", () => {
    const plan = { runs: [{ id: "a/m/seed1" }, { id: "b/m/seed1" }] } as Plan;
    const record = newSweepRecord(
      plan,
      "slurm",
      { outDir: "/o", planFile: "/o/plan.json", storeDir: "/s" },
      (i) => `logs/${i}.log`,
    );
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...record, jobs: { array: "12", report: "13" } })).toBe(true);
    expect(validate({ ...record, runs: [{ ...record.runs[0], status: "lost" }] })).toBe(false);
  });
});
