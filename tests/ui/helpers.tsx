import { render } from "ink-testing-library";
import type { RunEvent } from "../../src/runtime/events.js";
import { RunScreen } from "../../src/ui/components/RunScreen.js";
import { createStore } from "../../src/ui/store.js";
import { CWD } from "./fixtures/two-runs.js";

/** Lets React commit what the store published. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * The run screen on a fake terminal of `columns`, fed `events` through an unthrottled store.
 * The clock stands still, so elapsed times come from the events alone.
 */
export async function mountScreen(events: readonly RunEvent[], columns = 100) {
  const store = createStore({ intervalMs: 0, cpuShare: null });
  const ui = render(<RunScreen store={store} color={false} cwd={CWD} now={() => 0} />);
  resize(ui.stdout, columns);
  for (const event of events) store.dispatch(event);
  await settle();
  return {
    store,
    ui,
    frame: () => ui.lastFrame() ?? "",
    async feed(more: readonly RunEvent[]) {
      for (const event of more) store.dispatch(event);
      await settle();
    },
    async resize(to: number) {
      resize(ui.stdout, to);
      await settle();
    },
  };
}

function resize(stdout: NodeJS.EventEmitter, columns: number) {
  Object.defineProperty(stdout, "columns", { get: () => columns, configurable: true });
  stdout.emit("resize");
}
