import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { backendPreferences, type BackendPreference } from "../../runtime/backend/select.js";
import { EXIT_OK, EXIT_PROBLEMS, parseCommandArgs, UsageError, type Command } from "../command.js";

const USAGE = `Usage: thtl predict MODEL_DIR|RUN_DIR IMAGES... [--size HxW | --native] [--top K] [--json]

Applies a trained or imported model to images, each prepared as the model's record says (its
framework's normalisation and channel order), and prints the most probable classes per image.
RUN_DIR is a run's folder (OUT/EXPERIMENT/MODEL/seedN); MODEL_DIR a model folder (a run's
model/, or imported weights).

Sizing (default: a run's model reads its plan's input size, scaled to cover and centre-cropped
as in training; imported weights use their framework's evaluation transform, for torchvision
the short side resized to 256 and a 224x224 centre crop, 342 and 299 for InceptionV3):
  --size HxW        resize every image to exactly HxW
  --native          feed each image at its own size (architectures that accept any size)

Options:
  --top K           how many classes to show per image (default 5)
  --json            one JSON object per image per line: file, logits (before softmax),
                    probabilities, top
  --backend NAME    auto (default), tensorflow, wasm or cpu`;

const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      size: { type: "string" },
      native: { type: "boolean" },
      top: { type: "string" },
      json: { type: "boolean" },
      backend: { type: "string" },
    });
    if (positionals.length < 2) throw new UsageError("give a model or run folder and at least one image");
    const top = values.top === undefined ? 5 : Number(values.top);
    if (!Number.isInteger(top) || top < 1)
      throw new UsageError(`--top takes a whole number of at least 1, got '${values.top}'`);
    const backend = (values.backend ?? "auto") as BackendPreference;
    if (!backendPreferences.includes(backend))
      throw new UsageError(`unknown backend '${backend}': use ${backendPreferences.join(", ")}`);
    const [dir, ...images] = positionals.map((path) => resolve(io.cwd, path));
    const missing = images.find((file) => !existsSync(file));
    if (missing) throw new UsageError(`no such image '${missing}'`);
    const { chooseSizing, SizingError } = await import("../../runtime/inference/input-size.js");
    const { findModel, InferenceError } = await import("../../runtime/inference/load-model.js");
    try {
      const source = findModel(dir!);
      const sizing = chooseSizing({ size: values.size, native: values.native }, source.metadata);
      const { selectBackend } = await import("../../runtime/backend/select.js");
      const { predictImages } = await import("../../runtime/inference/predict.js");
      const { tf } = await selectBackend(backend);
      await predictImages(tf, source, images, { sizing, top }, (p) => {
        const file = positionals[1 + images.indexOf(p.file)]!;
        if (values.json) {
          io.stdout(
            `${JSON.stringify({ file, height: p.height, width: p.width, logits: p.logits, probabilities: p.probabilities, top: p.top })}\n`,
          );
          return;
        }
        const width = Math.max(...p.top.map((t) => t.class.length));
        io.stdout(
          `${file} (${p.height}x${p.width})\n${p.top.map((t) => `  ${t.class.padEnd(width)}  ${t.probability.toFixed(4)}\n`).join("")}`,
        );
      });
      return EXIT_OK;
    } catch (error) {
      if (error instanceof SizingError) throw new UsageError(error.message);
      if (!(error instanceof InferenceError)) throw error;
      io.stderr(`thtl predict: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
  },
};

export default command;
