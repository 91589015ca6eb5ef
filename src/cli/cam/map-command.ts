import { resolve } from "node:path";
import { BackendUnavailableError, selectBackend, type BackendPreference } from "../../runtime/backend/select.js";
import { mapFiles } from "../../runtime/cam/map-files.js";
import { CamLayerError, resolveCamLayers } from "../../runtime/cam/targets.js";
import { chooseSizing, SizingError } from "../../runtime/inference/input-size.js";
import { InferenceError } from "../../runtime/inference/load-model.js";
import { loadCamModel } from "../../runtime/cam/cam-model.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "../command.js";
import type { CliIO } from "../../util/io.js";
import { imageFiles } from "./image-args.js";
import { imageLines, metricsTable } from "./print.js";
import { classTarget } from "./target-arg.js";

export interface MapRequest {
  model: string;
  images: string[];
  layers: string[];
}

export interface MapOptions {
  target: string | undefined;
  outDir: string;
  /** `--size` as typed. */
  size: string | undefined;
  native: boolean;
  metrics: boolean;
  batch: number;
  backend: BackendPreference;
  json: boolean;
}

/** `thtl cam MODEL IMAGES... --layer ...`: problems with the model, layers or images exit 1. */
export async function mapCommand(request: MapRequest, options: MapOptions, io: CliIO): Promise<number> {
  const files = imageFiles(request.images, io.cwd);
  let tf;
  try {
    ({ tf } = await selectBackend(options.backend));
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    io.stderr(`thtl cam: ${error.message}\n`);
    return EXIT_USAGE;
  }
  let loaded;
  try {
    loaded = loadCamModel(tf, resolve(io.cwd, request.model));
  } catch (error) {
    if (!(error instanceof InferenceError)) throw error;
    io.stderr(`thtl cam: ${error.message}\n`);
    return EXIT_PROBLEMS;
  }
  try {
    const layers = resolveCamLayers(
      loaded.at(loaded.metadata.input.height, loaded.metadata.input.width),
      request.layers,
      loaded.layers,
    );
    const target = classTarget(options.target, loaded.metadata.classes);
    const sizing = chooseSizing({ size: options.size, native: options.native }, loaded.metadata);
    const progress = files.length > options.batch;
    const result = await mapFiles(tf, loaded, {
      files,
      layers,
      target,
      sizing,
      outDir: options.outDir,
      metrics: options.metrics,
      batch: options.batch,
      onProgress: progress
        ? (done, total) =>
            io.stderr(io.stderrIsTTY ? `\rmaps: ${done}/${total} images` : `maps: ${done}/${total} images\n`)
        : undefined,
    });
    if (progress && io.stderrIsTTY) io.stderr("\n");
    if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.stdout(imageLines(result, io.cwd));
      if (result.metrics) io.stdout(`\n${metricsTable(result.metrics)}`);
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CamLayerError) {
      io.stderr(`thtl cam: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    if (error instanceof SizingError) {
      io.stderr(`thtl cam: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InferenceError) {
      io.stderr(`thtl cam: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  } finally {
    loaded.dispose();
  }
}
