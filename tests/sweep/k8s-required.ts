/**
 * The fields the Kubernetes API server requires of the three kinds a sweep writes, and the
 * cross-references it checks (from the API reference of batch/v1 Job, v1 ConfigMap and v1
 * PersistentVolumeClaim; Kubernetes 1.29+ for backoffLimitPerIndex). Returns one line per problem.
 */
type Json = Record<string, unknown>;

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|Pi|M|G|T|P)?$/;

export function k8sProblems(doc: Json): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => void (ok || problems.push(`${String(doc.kind)}: ${what}`));
  const metadata = doc.metadata as Json | undefined;
  need(typeof doc.apiVersion === "string", "apiVersion is required");
  need(typeof doc.kind === "string", "kind is required");
  need(
    typeof metadata?.name === "string" && RFC1123_SUBDOMAIN.test(metadata.name) && metadata.name.length <= 253,
    "metadata.name must be a DNS subdomain",
  );
  if (doc.kind === "ConfigMap") {
    need(doc.apiVersion === "v1", "apiVersion must be v1");
    const data = (doc.data ?? {}) as Json;
    need(
      Object.values(data).every((v) => typeof v === "string"),
      "data values must be strings",
    );
    need(
      Object.keys(data).every((k) => /^[-._a-zA-Z0-9]+$/.test(k)),
      "data keys must be file names",
    );
    need(JSON.stringify(data).length < 1024 * 1024, "a ConfigMap holds at most 1 MiB");
  } else if (doc.kind === "PersistentVolumeClaim") {
    need(doc.apiVersion === "v1", "apiVersion must be v1");
    const spec = doc.spec as Json | undefined;
    const modes = spec?.accessModes as string[] | undefined;
    need(
      Array.isArray(modes) &&
        modes.length > 0 &&
        modes.every((m) => ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"].includes(m)),
      "spec.accessModes must list valid modes",
    );
    const storage = ((spec?.resources as Json | undefined)?.requests as Json | undefined)?.storage;
    need(typeof storage === "string" && QUANTITY.test(storage), "spec.resources.requests.storage must be a quantity");
  } else if (doc.kind === "Job") {
    need(doc.apiVersion === "batch/v1", "apiVersion must be batch/v1");
    need(
      RFC1123_LABEL.test(String(metadata?.name)) && String(metadata?.name).length <= 63,
      "an Indexed Job's name must be a DNS label (its pods' hostnames)",
    );
    problems.push(...jobSpecProblems(doc.spec as Json | undefined));
  } else problems.push(`unexpected kind ${String(doc.kind)}`);
  return problems;
}

function jobSpecProblems(spec: Json | undefined): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => void (ok || problems.push(`Job: ${what}`));
  if (!spec) return ["Job: spec is required"];
  const indexed = spec.completionMode === "Indexed";
  need(
    spec.completionMode === undefined || ["NonIndexed", "Indexed"].includes(String(spec.completionMode)),
    "spec.completionMode must be NonIndexed or Indexed",
  );
  need(
    !indexed || (Number.isInteger(spec.completions) && (spec.completions as number) >= 1),
    "an Indexed Job needs spec.completions",
  );
  need(
    spec.backoffLimitPerIndex === undefined ||
      (indexed && Number.isInteger(spec.backoffLimitPerIndex) && (spec.backoffLimitPerIndex as number) >= 0),
    "spec.backoffLimitPerIndex needs completionMode Indexed and a count",
  );
  need(
    spec.parallelism === undefined || (Number.isInteger(spec.parallelism) && (spec.parallelism as number) >= 0),
    "spec.parallelism must be a count",
  );
  const template = spec.template as Json | undefined;
  const pod = template?.spec as Json | undefined;
  need(Boolean(pod), "spec.template.spec is required");
  if (!pod) return problems;
  need(
    ["Never", "OnFailure"].includes(String(pod.restartPolicy)),
    "a Job's pods need restartPolicy Never or OnFailure",
  );
  need(
    spec.backoffLimitPerIndex === undefined || pod.restartPolicy === "Never",
    "backoffLimitPerIndex needs restartPolicy Never",
  );
  const containers = pod.containers as Json[] | undefined;
  need(Array.isArray(containers) && containers.length > 0, "spec.template.spec.containers needs a container");
  const volumes = new Map(((pod.volumes ?? []) as Json[]).map((v) => [v.name as string, v]));
  for (const container of containers ?? []) {
    need(
      typeof container.name === "string" && RFC1123_LABEL.test(container.name),
      "a container needs a name (DNS label)",
    );
    need(typeof container.image === "string" && container.image.length > 0, "a container needs an image");
    for (const env of (container.env ?? []) as Json[])
      need(
        typeof env.name === "string" && (typeof env.value === "string" || env.valueFrom !== undefined),
        `env ${String(env.name)} needs a string value`,
      );
    for (const mount of (container.volumeMounts ?? []) as Json[]) {
      need(volumes.has(mount.name as string), `volumeMount ${String(mount.name)} names no volume`);
      need(
        typeof mount.mountPath === "string" && mount.mountPath.startsWith("/"),
        `volumeMount ${String(mount.name)} needs an absolute mountPath`,
      );
    }
  }
  return problems;
}

/** The names the Job's volumes refer to: the ConfigMap and the claim must carry them. */
export function referencedNames(job: Json): { configMaps: string[]; claims: string[] } {
  const volumes = (((job.spec as Json).template as Json).spec as Json).volumes as Json[];
  return {
    configMaps: volumes.flatMap((v) => (v.configMap ? [(v.configMap as Json).name as string] : [])),
    claims: volumes.flatMap((v) =>
      v.persistentVolumeClaim ? [(v.persistentVolumeClaim as Json).claimName as string] : [],
    ),
  };
}
