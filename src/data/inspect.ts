import type { ImageSize, PlanHop, PlanSplit } from "../plan/types.js";
import type { DataProblem, LoadOptions } from "./types.js";
import { probeImage } from "./decode.js";
import { loadDomain } from "./load-domain.js";
import { mapLimited } from "./pool.js";

/** What `thtl data inspect` shows of one domain. */
export interface DomainReport {
  domain: string;
  /** `imagefolder data/fundus`, `csv labels.csv`, `synth fundus 300`. */
  source: string;
  /** Usable images per class, in label order. */
  classes: { name: string; count: number }[];
  /** Files by format and original size, most common first. */
  formats: { format: string; height: number; width: number; count: number }[];
  split: PlanSplit;
  sizes: { train: number; val: number; test: number };
  image: ImageSize;
  problems: DataProblem[];
  skipped: DataProblem[];
}

/** Runs the same check as a training run (`loadDomain`) and adds what the files look like. */
export async function inspectDomain(hop: PlanHop, options: LoadOptions): Promise<DomainReport> {
  const domain = await loadDomain(hop, options);
  const samples = [...domain.splits.train, ...domain.splits.val, ...domain.splits.test];
  const counts = domain.classes.map(() => 0);
  for (const sample of samples) counts[sample.label]++;
  const formats = new Map<string, DomainReport["formats"][number]>();
  await mapLimited(samples, 16, async (sample) => {
    const { format, height, width } = await probeImage(sample.file);
    const key = `${format} ${height}x${width}`;
    const entry = formats.get(key) ?? { format, height, width, count: 0 };
    entry.count++;
    formats.set(key, entry);
  });
  return {
    domain: hop.domain,
    source: describeSource(hop.data),
    classes: domain.classes.map((name, label) => ({ name, count: counts[label] })),
    formats: [...formats.values()].sort((a, b) => b.count - a.count || a.format.localeCompare(b.format) || b.height - a.height || b.width - a.width),
    split: hop.split,
    sizes: { train: domain.splits.train.length, val: domain.splits.val.length, test: domain.splits.test.length },
    image: domain.image,
    problems: domain.problems,
    skipped: domain.skipped,
  };
}

function describeSource(data: PlanHop["data"]): string {
  if (data.kind === "imagefolder") return `imagefolder ${data.path}`;
  if (data.kind === "csv") return `csv ${data.path}${data.root ? ` root ${data.root}` : ""}`;
  return `synth ${data.synth} ${data.count}`;
}
