import type { RunEvent } from "../runtime/events.js";
import { initialState, reduce, withMessage, type UiState } from "./state.js";

/** At most ten redraws a second: state is folded on every event, but published only this often. */
export const REDRAW_INTERVAL_MS = 100;

/**
 * The share of wall time redraws may take. Training and drawing share the JavaScript thread
 * (tfjs ops run synchronously on it), so a costly frame stretches the interval instead of the run.
 */
export const REDRAW_CPU_SHARE = 0.01;

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
  /** Time spent so far folding events and redrawing, in ms: what the screen cost the run. */
  readonly spent: { foldMs: number; drawMs: number; events: number };
}

export function createStore({
  intervalMs = REDRAW_INTERVAL_MS,
  cpuShare = REDRAW_CPU_SHARE,
}: StoreOptions = {}): UiStore {
  let current = initialState();
  let published = current;
  let lastPublish = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let publishes = 0;
  const costs: number[] = [];
  const spent = { foldMs: 0, drawMs: 0, events: 0 };
  const listeners = new Set<() => void>();
  const interval = () =>
    cpuShare === null ? intervalMs : Math.min(REDRAW_MAX_INTERVAL_MS, Math.max(intervalMs, typicalCost() / cpuShare));
  // The median of the last few redraws: the first frames (cold code) and garbage-collection
  // pauses are outliers that should not slow the bars for long.
  const typicalCost = () => (costs.length === 0 ? 0 : [...costs].sort((a, b) => a - b)[costs.length >> 1]!);

  const publish = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastPublish = Date.now();
    if (published === current) return;
    published = current;
    publishes++;
    // React renders the update in a microtask that the listeners queue, so the redraw is timed by
    // one microtask queued before them and one after. (Timing the listeners themselves would
    // count whatever the training loop does before it next awaits.)
    let start = 0;
    queueMicrotask(() => void (start = performance.now()));
    for (const listener of listeners) listener();
    queueMicrotask(() => {
      const cost = performance.now() - start;
      spent.drawMs += cost;
      costs.push(cost);
      if (costs.length > 7) costs.shift();
    });
  };
  const changed = () => {
    const wait = lastPublish + interval() - Date.now();
    // An overdue timer means the training loop has not let timers run: publish from here instead.
    if (wait <= 0) publish();
    else timer ??= setTimeout(publish, wait);
  };

  return {
    dispatch(event) {
      const start = performance.now();
      current = reduce(current, event);
      spent.foldMs += performance.now() - start;
      spent.events++;
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
    spent,
  };
}
