import type { CliIO } from "../../../util/io.js";

const WIDTH = 30;
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * A download's progress on stderr: a bar redrawn in place on a terminal (at most every 100 ms),
 * nothing in between elsewhere (logs get the start and end lines only).
 */
export function progressBar(io: CliIO): { update(done: number, total: number | null): void; end(): void } {
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      if (!io.stderrIsTTY) return;
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      drawn = true;
      if (total === null) {
        io.stderr(`\r  ${mb(done)} MB`);
        return;
      }
      const filled = Math.round((done / total) * WIDTH);
      io.stderr(`\r  [${"=".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${Math.floor((done / total) * 100)}% ${mb(done)}/${mb(total)} MB`);
    },
    end() {
      if (drawn) io.stderr("\n");
    },
  };
}
