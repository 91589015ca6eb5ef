import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createStore } from "../../src/ui/store.js";
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
    // Each redraw takes 5 ms: the interval grows towards 5 / 0.01 = 500 ms.
    store.subscribe(() => vi.advanceTimersByTime(5));
    const batch = TWO_RUNS.find((e) => e.type === "batch:end")!;
    for (let i = 0; i < 10_000; i++) {
      store.dispatch({ ...batch, time: i });
      await null; // the redraw's cost is taken in a microtask, after React's
      vi.advanceTimersByTime(1);
    }
    expect(store.intervalMs).toBeGreaterThan(450);
    expect(store.intervalMs).toBeLessThanOrEqual(500);
    // 10 s of events: at 10 a second this would be 100 redraws.
    expect(store.publishes).toBeLessThan(30);
    expect(store.getSnapshot().seq).toBeGreaterThan(9_400);
  });
});
