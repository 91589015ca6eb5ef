import type { SweepRecord, SweepRunStatus } from "./types.js";

const ORDER: SweepRunStatus[] = ["done", "running", "pending", "interrupted", "failed"];

/** `3 runs: 2 done, 1 failed · stages: 4 trained, 2 reused`. */
export function summaryLine(record: SweepRecord): string {
  const counts = ORDER.map((status) => [status, record.runs.filter((r) => r.status === status).length] as const).filter(
    ([, n]) => n > 0,
  );
  const runs = `${record.runs.length} ${record.runs.length === 1 ? "run" : "runs"}: ${counts.map(([status, n]) => `${n} ${status}`).join(", ")}`;
  return `${runs} · stages: ${record.stages.trained} trained, ${record.stages.reused} reused`;
}

/** One line per run: index, status, id. */
export function statusTable(record: SweepRecord): string[] {
  const width = Math.max(...record.runs.map((r) => r.status.length));
  return record.runs.map(
    (r) => `${String(r.index).padStart(String(record.runs.length - 1).length)}  ${r.status.padEnd(width)}  ${r.id}`,
  );
}

export function anyFailed(record: SweepRecord): boolean {
  return record.runs.some((r) => r.status === "failed" || r.status === "interrupted");
}
