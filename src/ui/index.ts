import { processIO, type CliIO } from "../util/io.js";
import type { EventSink } from "../runtime/events.js";
import { wantsColor } from "../terminal/color.js";
import { jsonSink } from "./json.js";
import { plainSink } from "./plain.js";
import { preferProductionReact } from "./react-env.js";
import { createStore, type UiStore } from "./store.js";

export { renderDryRun } from "./dry-run.js";

export interface RendererOptions {
  /** `auto`: the live screen on a terminal outside CI, else plain lines. */
  mode: "auto" | "json" | "plain";
  io: CliIO;
}

export interface Renderer {
  sink: EventSink;
  /** Draws the last frame and releases the terminal. */
  close(): Promise<void>;
  /** Shows a notice (the Ctrl-C message) where it does not disturb the output. */
  onInterrupt(message: string): void;
}

export function createRenderer({ mode, io }: RendererOptions): Renderer {
  if (mode === "json") return lineRenderer(jsonSink(io), io);
  if (mode === "plain" || !wantsLiveScreen(io)) return lineRenderer(plainSink(io), io);
  return liveRenderer(io);
}

/** The live screen needs a real terminal on stdout, and CI logs keep only plain lines well. */
export function wantsLiveScreen(io: CliIO): boolean {
  const ci = io.env.CI;
  return io.stdoutIsTTY && io.streams !== undefined && (ci === undefined || ci === "" || ci === "0" || ci === "false");
}

function lineRenderer(sink: EventSink, io: CliIO): Renderer {
  return {
    sink,
    close: async () => {},
    onInterrupt: (message) => io.stderr(`${message}\n`),
  };
}

/**
 * Ink and React take most of a second to load, and loading needs the event loop, which a
 * training loop may hold for long stretches. So on a terminal outside CI (and without `--json`),
 * loading starts as soon as this module is imported, while the run command loads TensorFlow.js.
 */
let ink: Promise<typeof import("./ink.js")> | null = null;
function loadInk() {
  preferProductionReact();
  ink ??= import("./ink.js");
  return ink;
}
if (wantsLiveScreen(processIO()) && !process.argv.includes("--json")) void loadInk();

function liveRenderer(io: CliIO): Renderer {
  const store = createStore();
  // Events that arrive before the screen is mounted are folded into the store and show up on
  // the first frame.
  const unmount = loadInk().then(({ mountInk }) => mountInk(store, io, wantsColor(io, "stdout")));
  const startedAt = performance.now();
  return {
    sink: (event) => store.dispatch(event),
    close: async () => {
      await (
        await unmount
      )();
      if (io.env.THTL_UI_STATS) io.stderr(`${statsLine(store, performance.now() - startedAt)}\n`);
    },
    onInterrupt: (message) => store.message(message),
  };
}

/** `THTL_UI_STATS=1`: what the live screen cost the run, for `bench/ui-overhead.mjs`. */
function statsLine(store: UiStore, wallMs: number): string {
  const { foldMs, drawMs, events } = store.spent;
  const share = (100 * (foldMs + drawMs)) / wallMs;
  return `thtl ui: ${events} events folded in ${foldMs.toFixed(1)} ms, ${store.publishes} redraws in ${drawMs.toFixed(1)} ms, ${share.toFixed(2)}% of ${(wallMs / 1000).toFixed(1)} s`;
}
