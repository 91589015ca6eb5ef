import type { CliIO } from "../util/io.js";
import type { EventSink } from "../runtime/events.js";

/** `--json`: every event as one JSON object per line on stdout, and nothing else there. */
export function jsonSink(io: CliIO): EventSink {
  return (event) => io.stdout(`${JSON.stringify(event)}\n`);
}
