import { Box, Text } from "ink";
import type { UiState } from "../state.js";
import { clock } from "../format.js";
import { Tone } from "./theme.js";

/** The run id, backend, elapsed time and the chain with the current hop in brackets. */
export function Header({ state, now, columns }: { state: UiState; now: number; columns: number }) {
  const run = state.runs.find((r) => r.id === state.activeRun);
  const index = run ? state.runs.indexOf(run) + 1 : 0;
  const backend = state.backend;
  const device = backend
    ? `${backend.name} ${backend.gpu ? "GPU" : "CPU"}${!backend.gpu && backend.threads > 1 ? ` ×${backend.threads}` : ""}`
    : "";
  const end = state.end?.time ?? Math.max(now, state.lastTime);
  const elapsed = state.startTime === null ? "" : clock(end - state.startTime);
  const title = run ? run.id : (state.planFile ?? "thtl");
  const facts = [state.runs.length > 1 && run ? `run ${index}/${state.runs.length}` : null, device, elapsed]
    .filter(Boolean)
    .join(" · ");
  // The facts go right of the title when both fit, else on a line of their own.
  const oneLine = title.length + 1 + facts.length <= columns;
  return (
    <Box flexDirection="column">
      <Box flexDirection={oneLine ? "row" : "column"} justifyContent="space-between">
        <Tone bold wrap="truncate-end">
          {title}
        </Tone>
        <Tone color="gray" wrap="truncate-end">
          {oneLine ? ` ${facts}` : facts}
        </Tone>
      </Box>
      {run && <Chain chain={run.chain} current={state.hop?.runId === run.id ? state.hop : null} />}
    </Box>
  );
}

function Chain({ chain, current }: { chain: string[]; current: { hop: number; domain: string } | null }) {
  const at =
    current === null ? -1 : chain[current.hop + 1] === current.domain ? current.hop + 1 : chain.indexOf(current.domain);
  return (
    <Text wrap="wrap">
      {chain.map((domain, i) => (
        <Text key={i}>
          {i > 0 ? " -> " : ""}
          {i === at ? (
            <Tone bold color="cyan">
              [{domain}]
            </Tone>
          ) : (
            <Tone color={i < at ? undefined : "gray"}>{domain}</Tone>
          )}
        </Text>
      ))}
    </Text>
  );
}
