import { Box } from "ink";
import type { LogLine } from "../state.js";
import { Tone } from "./theme.js";

const STYLE: Record<LogLine["level"], { symbol: string; color: string }> = {
  warning: { symbol: "!", color: "yellow" },
  info: { symbol: "·", color: "blue" },
  error: { symbol: "✗", color: "red" },
};

/** Warnings and notices below the bars; lines wrap rather than overwrite the live area. */
export function LogArea({ log }: { log: LogLine[] }) {
  if (log.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      {log.map((line) => (
        <Box key={line.key}>
          <Box width={2} flexShrink={0}>
            <Tone color={STYLE[line.level].color}>{STYLE[line.level].symbol}</Tone>
          </Box>
          <Tone color={STYLE[line.level].color} wrap="wrap">
            {line.text}
          </Tone>
        </Box>
      ))}
    </Box>
  );
}
