import { render } from "ink";
import type { CliIO } from "../util/io.js";
import { RunScreen } from "./components/RunScreen.js";
import { REDRAW_INTERVAL_MS, type UiStore } from "./store.js";

/**
 * Mounts the live screen on the real terminal. Ink does not own Ctrl-C (the run command
 * handles SIGINT to checkpoint first); what libraries print with `console.*` while it is
 * mounted (TensorFlow.js does) goes above the live area instead of through it.
 */
export function mountInk(store: UiStore, io: CliIO, color: boolean): () => Promise<void> {
  const streams = io.streams!;
  const instance = render(<RunScreen store={store} color={color} cwd={io.cwd} />, {
    stdout: streams.stdout,
    stderr: streams.stderr,
    stdin: streams.stdin,
    exitOnCtrlC: false,
    patchConsole: true,
    // The store already spaces redraws out (and times them); Ink's own throttle, set looser, then
    // always draws at once, inside the store's timing.
    maxFps: 3 * (1000 / REDRAW_INTERVAL_MS),
  });
  return async () => {
    store.flush();
    // React commits the published state on its own schedule; let it, so the last frame is complete.
    await new Promise((resolve) => setImmediate(resolve));
    instance.unmount();
    await instance.waitUntilExit();
  };
}
