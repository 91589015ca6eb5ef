import { EXIT_USAGE, type Command } from "../command.js";
import { FETCH_USAGE, runFetch } from "./weights/fetch.js";
import { IMPORT_USAGE, runImport } from "./weights/import.js";

const USAGE = `Usage: thtl weights import FILE --arch ARCH [--classes A,B,...] [--out DIR] [--force]
       thtl weights fetch ARCH --from torchvision|keras [--notop]

Pretrained weights from the files torchvision and Keras Applications publish, without Python.

${IMPORT_USAGE}

${FETCH_USAGE}`;

const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === "import") return runImport(rest, io);
    if (sub === "fetch") return runFetch(rest, io);
    io.stderr(
      `thtl weights: ${sub === undefined ? "expected a subcommand" : `unknown subcommand '${sub}'`}: import or fetch\n\n${USAGE}\n`,
    );
    return EXIT_USAGE;
  },
};

export default command;
