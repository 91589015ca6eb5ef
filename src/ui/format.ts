/** Number, time and bar formatting shared by the terminal UI, the plain logger and the dry-run view. */

/** Losses and accuracies: four decimals, as Keras prints them. */
export function fixed4(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : String(value);
}

/** A duration as a short human figure: `850ms`, `12.3s`, `1m02s`, `1h05m`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

/** A duration as a clock, for `elapsed < ETA`: `00:42`, `12:05`, `1:02:03`. */
export function clock(ms: number): string {
  const whole = Math.max(0, Math.round(ms / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  const hours = Math.floor(whole / 3600);
  const rest = `${two(Math.floor((whole % 3600) / 60))}:${two(whole % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

/** Parameter counts: `513`, `8.4K`, `11.2M`. */
export function count(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${trimZero((value / 1000).toFixed(1))}K`;
  return `${trimZero((value / 1_000_000).toFixed(1))}M`;
}

/** Learning rates as written in a `.thtl` file: `1e-4`, `2.5e-4`, `0.01`. */
export function rate(value: number): string {
  if (value >= 0.01 || value === 0) return String(value);
  const [mantissa, exponent] = value.toExponential().split("e");
  return `${trimZero(Number(mantissa).toFixed(2))}e${exponent}`;
}

function trimZero(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** A progress bar of `width` cells: `━` done, `─` to go (readable without colour). */
export function bar(done: number, total: number, width: number): { filled: string; empty: string } {
  const cells = Math.max(0, width);
  const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(share * cells);
  return { filled: "━".repeat(filled), empty: "─".repeat(cells - filled) };
}

const SPARKS = "▁▂▃▄▅▆▇█";

/** A sparkline of all values in at most `width` cells (averaged), scaled between min and max. */
export function sparkline(values: number[], width: number): string {
  const cells = Math.max(0, Math.min(width, values.length));
  if (cells === 0) return "";
  const shown = Array.from({ length: cells }, (_, i) => {
    const part = values.slice(Math.floor((i * values.length) / cells), Math.floor(((i + 1) * values.length) / cells));
    return part.reduce((a, b) => a + b, 0) / part.length;
  });
  const low = Math.min(...shown);
  const span = Math.max(...shown) - low;
  return shown.map((v) => SPARKS[span > 0 ? Math.round(((v - low) / span) * (SPARKS.length - 1)) : 0]).join("");
}

/** `1 epoch`, `2 epochs`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Lays out rows of cells as aligned columns; `right` marks numeric columns. */
export function table(rows: string[][], right: boolean[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}
