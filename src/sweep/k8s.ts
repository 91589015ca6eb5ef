import type { Plan } from "../plan/types.js";
import { rebasePlan, under } from "./plan-paths.js";

/** What the Kubernetes manifests are made of (`--image`, `--jobs`, the store's size). */
export interface K8sOptions {
  /** The sweep's name: the Job, ConfigMap and claim are named after it. */
  name: string;
  image: string;
  /** Runs at a time (`parallelism`). */
  jobs: number;
  /** Retries of one run before it counts as failed (`backoffLimitPerIndex`). */
  retries: number;
  /** The shared volume's size (`resources.requests.storage`). */
  storage: string;
  /** CPUs per run (`resources.requests.cpu`), and threads for its backend. */
  cpus: number;
}

/** Where the shared volume is mounted in each pod, and what it holds. */
export const POD_ROOT = "/thtl";
const PROJECT = `${POD_ROOT}/project`;
const PLAN_DIR = "/etc/thtl";

/**
 * Three manifests: a ConfigMap holding the plan (its data and weights paths under
 * `/thtl/project/`, where the project folder is copied on the shared volume); a
 * PersistentVolumeClaim for that volume (ReadWriteMany: every pod reads the data and shares the
 * stage store at `/thtl/store`); and an Indexed Job, one completion per run, whose pod `i` runs
 * `thtl run PLAN --run-index $JOB_COMPLETION_INDEX --resume`, each index retried on its own.
 */
export function k8sManifests(plan: Plan, options: K8sOptions) {
  const podPlan = rebasePlan(plan, under(PROJECT));
  const labels = { "app.kubernetes.io/name": "thtl", "app.kubernetes.io/instance": options.name };
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${options.name}-plan`, labels },
    data: { "plan.json": `${JSON.stringify(podPlan, null, 1)}\n` },
  };
  const claim = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: `${options.name}-data`, labels },
    spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: options.storage } } },
  };
  const threads = String(options.cpus);
  const run = `exec thtl run ${PLAN_DIR}/plan.json --run-index "$JOB_COMPLETION_INDEX" --resume --out ${POD_ROOT}/out/runs --store ${POD_ROOT}/store`;
  const job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: options.name, labels },
    spec: {
      completionMode: "Indexed",
      completions: plan.runs.length,
      parallelism: Math.min(options.jobs, plan.runs.length),
      backoffLimitPerIndex: options.retries,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          containers: [
            {
              name: "thtl",
              image: options.image,
              workingDir: PROJECT,
              command: ["/bin/sh", "-c", run],
              env: [
                { name: "THTL_WASM_THREADS", value: threads },
                { name: "OMP_NUM_THREADS", value: threads },
                { name: "TF_NUM_INTRAOP_THREADS", value: threads },
              ],
              resources: { requests: { cpu: threads } },
              volumeMounts: [
                { name: "plan", mountPath: PLAN_DIR, readOnly: true },
                { name: "data", mountPath: POD_ROOT },
              ],
            },
          ],
          volumes: [
            { name: "plan", configMap: { name: configMap.metadata.name } },
            { name: "data", persistentVolumeClaim: { claimName: claim.metadata.name } },
          ],
        },
      },
    },
  };
  return { configMap, claim, job };
}

/** A Kubernetes name (RFC 1123 label: lower-case letters, digits and `-`, at most 63) from a file name. */
export function k8sName(base: string): string {
  const name = `thtl-${base.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}`.replace(/-+/g, "-").replace(/-$/, "");
  return name.slice(0, 52).replace(/-$/, "");
}
