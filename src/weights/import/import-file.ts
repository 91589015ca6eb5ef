import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { sha256 } from "../../util/sha256.js";
import { safetensorsBytes } from "../safetensors-write.js";
import { imagenetClasses } from "./imagenet.js";
import { matchWeights } from "./match.js";
import { getArchitecture } from "../../models/catalogue.js";
import { pretrainedNormalization } from "../../models/preprocessing.js";
import { WEIGHTS_METADATA, type ModelMetadata } from "../model-metadata.js";
import { WEIGHTS_FILE, type ImportedWeights } from "./metadata.js";
import type { Framework } from "./source.js";
import { readWeightsFile } from "./source.js";
import { writeFolderAtomic } from "./folder-write.js";

export class ClassNamesError extends Error {}

export interface ImportRequest {
  file: string;
  arch: string;
  out: string;
  /** The architecture's channel multiplier (1: the published network). */
  width?: number;
  /** Names for the classifier's classes (as many as it has). */
  classes?: string[];
  /** Replace `out` if it exists. */
  replace?: boolean;
}

/** The sha256 of a file, hex. */
export function fileSha256(path: string): string {
  return sha256(readFileSync(path));
}

/**
 * Imports a weights file as an architecture: reads it (nothing in it is executed), maps and
 * checks every tensor against the architecture, and writes `out` (the weights in thtl's names
 * and `thtl-weights.json`) whole or not at all. Returns what it wrote, or null when `out` existed
 * and `replace` was not set.
 */
export async function importWeightsFile(request: ImportRequest): Promise<ImportedWeights | null> {
  const { file, arch } = request;
  const { framework, tensors } = await readWeightsFile(file);
  const width = request.width ?? 1;
  const { weights, classes, report } = matchWeights(file, framework, tensors, arch, width);
  const metadata: ImportedWeights = {
    format: "thtl-imported-weights",
    version: 1,
    source: { file: basename(file), sha256: fileSha256(file), bytes: statSync(file).size },
    framework,
    ...modelMetadata(framework, arch, width),
    top: classes !== null,
    classCount: classes,
    ...classNames(classes, request.classes),
    report,
    weights: WEIGHTS_FILE,
  };
  const written = writeFolderAtomic(
    request.out,
    { [WEIGHTS_FILE]: safetensorsBytes(weights, { format: "thtl" }), [WEIGHTS_METADATA]: `${JSON.stringify(metadata, null, 2)}\n` },
    request.replace ?? false,
  );
  return written ? metadata : null;
}

function classNames(count: number | null, given: string[] | undefined): Pick<ImportedWeights, "classes" | "classNames"> {
  if (given) {
    if (count === null) throw new ClassNamesError("the file has no classifier (it is a backbone), so it has no classes to name");
    if (given.length !== count) throw new ClassNamesError(`the file's classifier has ${count} classes but ${given.length} names were given`);
    return { classes: given, classNames: "given" };
  }
  return count === 1000 ? { classes: imagenetClasses(), classNames: "imagenet" } : { classes: [], classNames: "none" };
}

/**
 * What the weights are and how to feed them: the file's framework's build and preprocessing;
 * torchvision's evaluation transform (short side 256, centre crop 224; 342 and 299 for
 * InceptionV3), and for Keras the architecture's default input, as Keras Applications evaluate.
 */
function modelMetadata(variant: Framework, arch: string, width: number): Omit<ModelMetadata, "classes"> {
  const normalization = pretrainedNormalization(arch, variant, 3);
  if (variant === "keras") {
    const { height, width: inputWidth } = getArchitecture(arch)!.defaultInput;
    return { arch, variant, width, input: { height, width: inputWidth, channels: 3 }, normalization };
  }
  const evalTransform = arch === "inception_v3" ? { resize: 342, crop: 299 } : { resize: 256, crop: 224 };
  return { arch, variant, width, input: { height: evalTransform.crop, width: evalTransform.crop, channels: 3 }, normalization, evalTransform };
}
