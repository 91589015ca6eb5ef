// Regenerates the sample grids of docs/synthetic-domains.md: one PNG per kind, a row per class
// (in label order), COLUMNS samples per row. Run `npm run build` first, then
// `node docs/make-synth-samples.mjs` from the repository root.
import sharp from "sharp";
import { SYNTH_CLASSES } from "../dist/data/synth/kinds.js";
import { renderSynth } from "../dist/data/synth/render.js";

const SIZE = Number(process.env.SIZE ?? 128);
const COLUMNS = 6;
const GAP = 4;
const SEED = 1;

for (const kind of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SYNTH_CLASSES)) {
  const classes = SYNTH_CLASSES[kind];
  const tiles = [];
  for (const [label] of classes.entries()) {
    for (let index = 0; index < COLUMNS; index++) {
      const png = renderSynth(kind, label, SEED, index, { height: SIZE, width: SIZE });
      tiles.push({ input: png, left: GAP + index * (SIZE + GAP), top: GAP + label * (SIZE + GAP) });
    }
  }
  const width = GAP + COLUMNS * (SIZE + GAP);
  const height = GAP + classes.length * (SIZE + GAP);
  const out = `docs/synth-${kind}.png`;
  await sharp({ create: { width, height, channels: 3, background: "#ffffff" } })
    .composite(tiles)
    .png({ palette: true, quality: 90, effort: 10 })
    .toFile(out);
  console.log(`${out}: ${classes.join(", ")} (rows), ${COLUMNS} samples each at ${SIZE}x${SIZE}`);
}
