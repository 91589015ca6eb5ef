import { describe, expect, test } from "vitest";
import { bar, clock, count, duration, plural, rate, sparkline, table } from "../../src/ui/format.js";

describe("formatting", () => {
  test("durations and clocks", () => {
    expect([850, 12_340, 62_000, 3_900_000].map(duration)).toEqual(["850ms", "12.3s", "1m02s", "1h05m"]);
    expect([42_000, 725_000, 3_723_000].map(clock)).toEqual(["00:42", "12:05", "1:02:03"]);
  });

  test("parameter counts and learning rates as a .thtl file writes them", () => {
    expect([513, 8_394_754, 11_177_538, 1026].map(count)).toEqual(["513", "8.4M", "11.2M", "1K"]);
    expect([1e-4, 2.5e-4, 0.01, 0.1].map(rate)).toEqual(["1e-4", "2.5e-4", "0.01", "0.1"]);
  });

  test("bars, sparklines, plurals and tables", () => {
    expect(bar(3, 4, 8)).toEqual({ filled: "━━━━━━", empty: "──" });
    expect(bar(9, 4, 4)).toEqual({ filled: "━━━━", empty: "" });
    expect(sparkline([4, 3, 2, 1, 0], 5)).toBe("█▆▅▃▁");
    expect(sparkline([4, 4, 0, 0], 2)).toBe("█▁");
    expect([plural(1, "epoch"), plural(3, "epoch")]).toEqual(["1 epoch", "3 epochs"]);
    expect(
      table(
        [
          ["run", "acc"],
          ["a/b/seed1", "0.8125"],
        ],
        [false, true],
      ),
    ).toEqual(["run           acc", "a/b/seed1  0.8125"]);
  });
});
