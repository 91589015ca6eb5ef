import { useEffect, useState, useSyncExternalStore } from "react";
import { Box, Static } from "ink";
import type { UiStore } from "../store.js";
import type { UiState } from "../state.js";
import { useColumns } from "./columns.js";
import { Header } from "./Header.js";
import { HistoryLine } from "./History.js";
import { LogArea } from "./LogArea.js";
import { Progress } from "./Progress.js";
import { RunList } from "./RunList.js";
import { hopTitle, StageList } from "./StageList.js";
import { Summary } from "./Summary.js";
import { ThemeContext } from "./theme.js";

export interface RunScreenProps {
  store: UiStore;
  color: boolean;
  /** The working directory, against which paths are shown. */
  cwd: string;
  /** The wall clock for the elapsed time; tests pass a fixed one. */
  now?: () => number;
}

/**
 * The live screen of `thtl run`: finished epochs and stages print once above (`<Static>`), and
 * only the header, runs, stages, bars and log below them redraw.
 */
export function RunScreen({ store, color, cwd, now = Date.now }: RunScreenProps) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const columns = useColumns();
  const time = useTicking(now, state.end === null);
  return (
    <ThemeContext.Provider value={{ color }}>
      <Static items={state.history}>{(item) => <HistoryLine key={item.key} item={item} />}</Static>
      <Box flexDirection="column" width={columns} marginTop={state.history.length > 0 ? 1 : 0}>
        <Header state={state} now={time} columns={columns} />
        {state.runs.length > 1 ? (
          <RunList state={state}>
            <ActiveRun state={state} columns={columns} />
          </RunList>
        ) : (
          <ActiveRun state={state} columns={columns} />
        )}
        {state.end && <Summary end={state.end} columns={columns} cwd={cwd} />}
        <LogArea log={state.log} />
      </Box>
    </ThemeContext.Provider>
  );
}

function ActiveRun({ state, columns }: { state: UiState; columns: number }) {
  if (!state.hop || state.end) return null;
  const run = state.runs.find((r) => r.id === state.hop!.runId);
  const hops = run ? run.chain.length - 1 : null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <StageList title={hopTitle(state.hop, hops)} stages={state.hop.stages} columns={columns} />
      {state.live && (
        <Box marginTop={1}>
          <Progress live={state.live} columns={columns} />
        </Box>
      )}
    </Box>
  );
}

/** The elapsed time moves once a second even when a batch takes longer than that. */
function useTicking(now: () => number, running: boolean): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTime(now()), 1000);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [now, running]);
  return time;
}
