import { Box, Text } from "ink";
import type { LiveView } from "../state.js";
import { bar, clock, fixed4, sparkline } from "../format.js";
import { Tone } from "./theme.js";

/** The running stage: epoch bar, batch bar with throughput and ETA, running means, loss curve. */
export function Progress({ live, columns }: { live: LiveView; columns: number }) {
  const width = Math.max(10, Math.min(40, columns - 44));
  const epochsDone = live.epoch - 1 + (live.batches > 0 ? live.batch / live.batches : 0);
  const elapsed = live.batchTime - live.epochStart;
  const eta = live.batch > 0 ? (elapsed / live.batch) * (live.batches - live.batch) : null;
  const speed = live.imagesPerSec === null ? "– img/s" : `${live.imagesPerSec.toFixed(1)} img/s`;
  const counter = `${live.batch}/${live.batches}`.padStart(2 * String(live.batches).length + 1);
  const epochLabel = `Epoch ${live.epoch}/${live.epochs}`;
  const label = Math.max(epochLabel.length, counter.length);
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{epochLabel.padEnd(label)} </Text>
        <Bar done={epochsDone} total={live.epochs} width={width} />
      </Box>
      <Box>
        <Text>{counter.padStart(label)} </Text>
        <Bar done={live.batch} total={live.batches} width={width} />
        <Text wrap="truncate-end">{` ${speed}  ${clock(elapsed)} < ${eta === null ? "--:--" : clock(eta)}`}</Text>
      </Box>
      <Box>
        <Text wrap="truncate-end">
          {`loss ${live.loss === null ? "-" : fixed4(live.loss)}  acc ${live.acc === null ? "-" : fixed4(live.acc)}  `}
        </Text>
        <Tone color="yellow" wrap="truncate-end">
          {sparkline(live.curve, Math.max(8, Math.min(48, columns - 34)))}
        </Tone>
      </Box>
    </Box>
  );
}

function Bar({ done, total, width }: { done: number; total: number; width: number }) {
  const { filled, empty } = bar(done, total, width);
  return (
    <Text>
      <Tone color="cyan">{filled}</Tone>
      <Tone color="gray">{empty}</Tone>
    </Text>
  );
}
