import { Box } from "ink";
import type { ReactNode } from "react";
import type { RunView, RunStatus, UiState } from "../state.js";
import { fixed4 } from "../format.js";
import { Tone } from "./theme.js";

const MARK: Record<RunStatus, { symbol: string; color: string }> = {
  pending: { symbol: "·", color: "gray" },
  running: { symbol: "▶", color: "cyan" },
  done: { symbol: "✓", color: "green" },
  reused: { symbol: "✓", color: "green" },
  failed: { symbol: "✗", color: "red" },
  interrupted: { symbol: "■", color: "yellow" },
};

/** Runs kept in view around the active one; the rest fold into "… N more" lines. */
const AROUND = 3;

/** Every run with its status and final metric; the active run's details (`children`) nest under it. */
export function RunList({ state, children }: { state: UiState; children: ReactNode }) {
  const width = Math.max(...state.runs.map((r) => r.id.length));
  const active = state.runs.findIndex((r) => r.id === state.activeRun);
  const from = Math.max(0, active - AROUND);
  const to = Math.min(state.runs.length, Math.max(active, 0) + AROUND + 1);
  return (
    <Box flexDirection="column" marginTop={1}>
      {from > 0 && <Tone color="gray">{`  … ${from} more above`}</Tone>}
      {state.runs.slice(from, to).map((run) => (
        <Box key={run.id} flexDirection="column">
          <RunLine run={run} width={width} />
          {run.id === state.activeRun && run.status === "running" && (
            <Box flexDirection="column" paddingLeft={2}>
              {children}
            </Box>
          )}
        </Box>
      ))}
      {to < state.runs.length && <Tone color="gray">{`  … ${state.runs.length - to} more below`}</Tone>}
    </Box>
  );
}

function RunLine({ run, width }: { run: RunView; width: number }) {
  const mark = MARK[run.status];
  return (
    <Box>
      <Box width={2} flexShrink={0}>
        <Tone color={mark.color}>{mark.symbol}</Tone>
      </Box>
      <Tone bold={run.status === "running"} wrap="truncate-end">
        {`${run.id.padEnd(width)}  ${run.status.padEnd(11)} `}
        <Tone color={run.status === "failed" ? "red" : "gray"}>{finalMetric(run)}</Tone>
      </Tone>
    </Box>
  );
}

function finalMetric(run: RunView): string {
  if (run.error) return run.error;
  if (run.test) {
    const recall = run.test.positive ? ` · recall ${fixed4(run.test.positive.recall)}` : "";
    return `test_acc ${fixed4(run.test.acc)}${recall}`;
  }
  return run.lastBest ? `${run.lastBest.metric} ${fixed4(run.lastBest.value)}` : "";
}
