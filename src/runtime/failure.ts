/** Ctrl-C: the run stopped after a finished batch; the last checkpoint is where `--resume` continues. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}
