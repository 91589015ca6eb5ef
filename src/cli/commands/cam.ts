import { resolve } from "node:path";
import { backendPreferences, type BackendPreference } from "../../runtime/backend/select.js";
import { UsageError, parseCommandArgs, type Command } from "../command.js";

const usage = `Usage: thtl cam MODEL_DIR|RUN_DIR IMAGES... --layer L[,L...] [options]
       thtl cam --compare RUN_A RUN_B... [--out DIR]

Draws LayerCAM maps: where the model looks for a class. For each image and layer (and, with
several layers, their fusion) it writes OUT/STEM.LAYER.npy (float32 H x W, NumPy format) and
OUT/STEM.LAYER.png (the map over the image, with a colour bar), and a grid per class,
OUT/grid.CLASS.png (images by layers). IMAGES are files or folders of images.

Options:
  --layer L[,L...]   groups (layer4: the group's last feature map) or layer names
  --class C          the class to explain: a name, an index, or predicted (default)
  --out DIR          where the maps go (default: cam)
  --size HxW         resize every image to exactly HxW (default: the model's input size)
  --native           feed each image at its own size
  --metrics          print faithfulness: deletion and insertion AUC, Average Drop, Increase in Confidence
  --batch N          images per pass (default: 8)
  --json             print one JSON document: per image its class, probability and files; the
                     grids; the metrics
  --backend NAME     auto (default), tensorflow, wasm or cpu
  --compare          draw the maps that runs made with \`thtl run --cam N\`: their target domain's
                     images by runs and stages, into OUT/compare.DOMAIN.png; --layer picks the
                     group (default: the deepest group every run mapped)

The definition is in docs/cam.md.`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      layer: { type: "string" },
      class: { type: "string" },
      out: { type: "string" },
      size: { type: "string" },
      native: { type: "boolean" },
      metrics: { type: "boolean" },
      batch: { type: "string" },
      backend: { type: "string" },
      compare: { type: "boolean" },
      json: { type: "boolean" },
    });
    const outDir = resolve(io.cwd, values.out ?? "cam");
    if (values.compare) {
      if (positionals.length < 1) throw new UsageError("--compare takes one or more run folders");
      const { compareRuns } = await import("../cam/compare.js");
      return compareRuns(
        positionals.map((p) => resolve(io.cwd, p)),
        outDir,
        values.layer,
        io,
      );
    }
    if (positionals.length < 2) throw new UsageError("give a model or run folder and at least one image");
    if (!values.layer)
      throw new UsageError("--layer is required: a group (layer4) or layer name, several separated by commas");
    const backend = (values.backend ?? "auto") as BackendPreference;
    if (!backendPreferences.includes(backend))
      throw new UsageError(`unknown backend '${backend}': use ${backendPreferences.join(", ")}`);
    const batch = values.batch === undefined ? 8 : Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1)
      throw new UsageError(`--batch takes a whole number of at least 1, got '${values.batch}'`);
    const { mapCommand } = await import("../cam/map-command.js");
    return mapCommand(
      {
        model: positionals[0]!,
        images: positionals.slice(1),
        layers: values.layer
          .split(",")
          .map((l) => l.trim())
          .filter(Boolean),
      },
      {
        target: values.class,
        outDir,
        size: values.size,
        native: Boolean(values.native),
        metrics: Boolean(values.metrics),
        batch,
        backend,
        json: Boolean(values.json),
      },
      io,
    );
  },
};

export default command;
