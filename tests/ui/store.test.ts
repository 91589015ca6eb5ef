import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createStore, REDRAW_INTERVAL_MS } from "../../src/ui/store.js";
import { RUN1, TWO_RUNS } from "./fixtures/two-runs.js";

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe("redraw throttling", () => {
  test("a burst of events publishes at most 10 snapshots a second, and none is lost", () => {
    const store = createStore();
    let seen = 0;
    store.subscribe(() => seen++);
    // 1000 batch events over one second: one every millisecond.
    const batch = TWO_RUNS.find((e) => e.type === "batch:end")!;
    for (let i = 0; i < 1000; i++) {
      store.dispatch({ ...batch, time: i });
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(100);
    expect(seen).toBeGreaterThanOrEqual(10);
    expect(seen).toBeLessThanOrEqual(11);
    expect(store.publishes).toBe(seen);
    expect(store.getSnapshot().seq).toBe(1000);
  });

  test("the first change after a quiet spell shows at once; later ones wait for the interval", () => {
    const store = createStore();
    store.dispatch(TWO_RUNS[0]!);
    expect(store.getSnapshot().planFile).toBe("examples/swft.plan.json");
    store.dispatch(TWO_RUNS[1]!);
    expect(store.getSnapshot().activeRun).toBeNull();
    vi.advanceTimersByTime(99);
    expect(store.getSnapshot().activeRun).toBeNull();
    vi.advanceTimersByTime(1);
    expect(store.getSnapshot().activeRun).toBe(RUN1);
  });

  test("flush publishes what is pending at once (the last frame before the screen closes)", () => {
    const store = createStore();
    for (const event of TWO_RUNS) store.dispatch(event);
    expect(store.getSnapshot().end).toBeNull();
    store.flush();
    expect(store.getSnapshot().end?.status).toBe("failed");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("redraw budget", () => {
  test("costly redraws stretch the interval so that drawing stays near 1% of the time", async () => {
    const store = createStore();
    // Each redraw takes 5 ms, in a microtask as React's: the interval grows towards 5 / 0.01 = 500 ms.
    store.subscribe(() => queueMicrotask(() => vi.advanceTimersByTime(5)));
    const batch = TWO_RUNS.find((e) => e.type === "batch:end")!;
    for (let i = 0; i < 10_000; i++) {
      store.dispatch({ ...batch, time: i });
      await Promise.resolve(); // the redraw's cost is taken in a microtask, after React's
      vi.advanceTimersByTime(1);
    }
    expect(store.intervalMs).toBe(500);
    // 10 s of events (plus the redraws' own time): at 10 a second this would be over 100 redraws.
    expect(store.publishes).toBeLessThan(30);
    expect(store.getSnapshot().seq).toBeGreaterThan(9_400);
  });

  test("however costly the frames, the bars move at least once a second", async () => {
    const store = createStore();
    store.subscribe(() => queueMicrotask(() => vi.advanceTimersByTime(100)));
    store.dispatch(TWO_RUNS[0]!);
    await Promise.resolve();
    store.dispatch(TWO_RUNS[1]!);
    await Promise.resolve();
    expect(store.intervalMs).toBe(1000);
  });

  test("the training loop's own work between an event and its next await is not counted as drawing", async () => {
    const store = createStore();
    store.subscribe(() => queueMicrotask(() => vi.advanceTimersByTime(1)));
    const batch = TWO_RUNS.find((e) => e.type === "batch:end")!;
    for (let i = 0; i < 20; i++) {
      store.dispatch({ ...batch, time: i });
      vi.advanceTimersByTime(150); // a training step, synchronous, before the loop awaits
      await Promise.resolve();
    }
    expect(store.intervalMs).toBe(REDRAW_INTERVAL_MS);
    expect(store.spent.drawMs).toBe(store.publishes);
    expect(store.publishes).toBe(20);
  });

  test("a training loop that never yields to timers still gets redraws, from its own events", () => {
    const store = createStore();
    const batch = TWO_RUNS.find((e) => e.type === "batch:end")!;
    store.dispatch(TWO_RUNS[0]!);
    const start = Date.now();
    // Time passes (the clock moves) but no timer runs, as under a synchronous training loop.
    for (let i = 1; i <= 50; i++) {
      vi.setSystemTime(start + i * 30);
      store.dispatch({ ...batch, batch: i });
    }
    // 1.5 s of events 30 ms apart: a redraw with the first event at least 100 ms after the last.
    expect(store.publishes).toBe(1 + 12);
    expect(store.getSnapshot().seq).toBeGreaterThan(45);
  });
});
