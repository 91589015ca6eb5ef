import { catalogueMessage, type Code, type MessageArgs } from "./catalogue.js";

/**
 * A run that cannot go on (NaN loss, a parameter count that disagrees with the plan, weights that
 * do not fit, a checkpoint that no longer matches): a `THTL4xxx` code from the catalogue and its
 * message, so the same problem always reads the same way.
 */
export class RunFailure<C extends Code = Code> extends Error {
  constructor(
    readonly code: C,
    args: MessageArgs<C>,
  ) {
    super(catalogueMessage(code, args));
  }
}

/** How a failure reads in `run:end` and `metrics.json`: `THTL4004: the training loss became NaN ...`. */
export function failureText(failure: RunFailure): string {
  return `${failure.code}: ${failure.message}`;
}

/** How any error that ended a run reads in its record: a RunFailure's code and message, else an internal error's message. */
export function runErrorText(error: unknown): string {
  if (error instanceof RunFailure) return failureText(error);
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}
