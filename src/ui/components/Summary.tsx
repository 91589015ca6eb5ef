import { Box } from "ink";
import type { EventOf } from "../../runtime/events.js";
import { recordLines, summaryLines } from "../summary.js";
import { Tone } from "./theme.js";

/** The end of the plan: every run's test metrics, where the records are, how to resume. */
export function Summary({ end, columns, cwd }: { end: EventOf<"plan:end">; columns: number; cwd: string }) {
  const color = end.status === "done" ? "green" : end.status === "failed" ? "red" : "yellow";
  const [status, ...records] = recordLines(end, cwd);
  return (
    <Box flexDirection="column" marginTop={1}>
      {summaryLines(end, columns).map((line, i) => (
        // Indented lines (figures under a run, in the narrow form) keep their indent when wrapped.
        <Box key={i} paddingLeft={line.startsWith("  ") ? 2 : 0}>
          <Tone bold={i === 0} wrap="wrap">
            {line.trimStart()}
          </Tone>
        </Box>
      ))}
      <Box marginTop={1} flexDirection="column">
        <Tone color={color} bold>
          {status}
        </Tone>
        {records.map((line) => (
          <Tone key={line} wrap="wrap">
            {line}
          </Tone>
        ))}
      </Box>
    </Box>
  );
}
