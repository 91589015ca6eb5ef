import type { RunEvent } from "../runtime/events.js";
import { initialState, reduce, withMessage, type UiState } from "./state.js";

/** At most ten redraws a second: state is folded on every event, but published only this often. */
export const REDRAW_INTERVAL_MS = 100;

/**
 * The share of wall time redraws may take. Training and drawing share the JavaScript thread
 * (tfjs ops run synchronously on it), so a costly frame stretches the interval instead of the run.
 */
export const REDRAW_CPU_SHARE = 0.015;

/** However costly a frame, the bars move at least once a second. */
export const REDRAW_MAX_INTERVAL_MS = 1000;

export interface StoreOptions {
  /** The shortest time between two publishes; 0 publishes on every change (tests). */
  intervalMs?: number;
  /** Stretch the interval so publishing (the redraw it triggers) stays under this share of time; null: never. */
  cpuShare?: number | null;
}

/**
 * Folds every event into the UI state at once and publishes snapshots to subscribers (the React
 * tree, which redraws in a microtask) at most once per interval: the first change after a quiet
 * spell goes out at once, later ones are coalesced into one trailing publish, or go out with the
 * first event after the interval when the event loop was too busy to run the timer.
 */
export interface UiStore {
  dispatch(event: RunEvent): void;
  message(text: string): void;
  /** The last published state. */
  getSnapshot(): UiState;
  subscribe(listener: () => void): () => void;
  /** Publishes pending changes now (at the end of a run, before the last frame). */
  flush(): void;
  /** How many snapshots have been published, for tests and the overhead benchmark. */
  readonly publishes: number;
  /** The current interval between publishes, stretched by costly redraws. */
  readonly intervalMs: number;
}

export function createStore({ intervalMs = REDRAW_INTERVAL_MS, cpuShare = REDRAW_CPU_SHARE }: StoreOptions = {}): UiStore {
  let current = initialState();
  let published = current;
  let lastPublish = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let publishes = 0;
  let cost = 0;
  const listeners = new Set<() => void>();
  const interval = () => (cpuShare === null ? intervalMs : Math.min(REDRAW_MAX_INTERVAL_MS, Math.max(intervalMs, cost / cpuShare)));

  const publish = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastPublish = Date.now();
    if (published === current) return;
    published = current;
    publishes++;
    const start = performance.now();
    for (const listener of listeners) listener();
    // React renders the update in a microtask queued by the listeners; this one runs after it.
    // A moving average, so that one slow frame (a resize, a long table) does not stall the bars.
    queueMicrotask(() => void (cost = 0.8 * cost + 0.2 * (performance.now() - start)));
  };
  const changed = () => {
    const wait = lastPublish + interval() - Date.now();
    // An overdue timer means the training loop has not let timers run: publish from here instead.
    if (wait <= 0) publish();
    else timer ??= setTimeout(publish, wait);
  };

  return {
    dispatch(event) {
      current = reduce(current, event);
      changed();
    },
    message(text) {
      current = withMessage(current, text);
      changed();
    },
    getSnapshot: () => published,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush: publish,
    get publishes() {
      return publishes;
    },
    get intervalMs() {
      return interval();
    },
  };
}
