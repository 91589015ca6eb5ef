import { Box, Text } from "ink";
import type { HopView, StageView } from "../state.js";
import { count, fixed4, rate } from "../format.js";
import { NARROW } from "../screen-width.js";
import { Tone } from "./theme.js";

const MARK: Record<StageView["status"], { symbol: string; color: string }> = {
  done: { symbol: "✓", color: "green" },
  running: { symbol: "▶", color: "cyan" },
  pending: { symbol: "·", color: "gray" },
};

/** The live hop's title: domain, position in the chain, classes, head, image counts. */
export function hopTitle(hop: HopView, hops: number | null): string {
  const { train, val, test } = hop.sizes;
  const sizes = test > 0 ? `${train}/${val}/${test}` : `${train}/${val}`;
  const position = hops === null ? "" : ` · hop ${hop.hop + 1}/${hops}`;
  return `${hop.domain}${position} · ${hop.classes.length} classes · head ${hop.head} · ${sizes} images`;
}

/** A hop's title and its stages: state, trainable groups, parameters, epochs, lr, best metric. */
export function StageList({ title, stages, columns }: { title: string; stages: StageView[]; columns: number }) {
  const nameWidth = Math.max(5, ...stages.map((s) => s.name.length));
  return (
    <Box flexDirection="column">
      <Tone bold wrap="truncate-end">
        {title}
      </Tone>
      {stages.map((stage, i) => (
        <StageRow key={i} stage={stage} nameWidth={nameWidth} narrow={columns < NARROW} />
      ))}
    </Box>
  );
}

function StageRow({ stage, nameWidth, narrow }: { stage: StageView; nameWidth: number; narrow: boolean }) {
  const mark = MARK[stage.status];
  const figures = `${count(stage.trainableParams).padStart(6)}  ${`${stage.epochs} ep`.padStart(5)}  lr ${rate(stage.lr).padEnd(6)}`;
  const groups = stage.trainable.join(", ");
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={2} flexShrink={0}>
          <Tone color={mark.color}>{mark.symbol}</Tone>
        </Box>
        <Box width={nameWidth + 2} flexShrink={0}>
          <Tone bold={stage.status === "running"} wrap="truncate-end">
            {stage.name}
          </Tone>
        </Box>
        {!narrow && (
          <Box flexGrow={1} flexShrink={1} minWidth={8}>
            <Tone color="gray" wrap="truncate-end">
              {groups}
            </Tone>
          </Box>
        )}
        <Box flexShrink={0}>
          <Text>{` ${figures}`}</Text>
        </Box>
        <Box width={narrow ? undefined : 28} flexShrink={narrow ? 1 : 0}>
          <Tone color="green" wrap="truncate-end">{` ${best(stage)}`}</Tone>
        </Box>
      </Box>
      {narrow && (
        <Box paddingLeft={nameWidth + 4}>
          <Tone color="gray" wrap="truncate-end">
            {`trains ${groups}`}
          </Tone>
        </Box>
      )}
    </Box>
  );
}

function best(stage: StageView): string {
  if (stage.status !== "done" || stage.best === null) return "";
  const early = stage.stoppedEarly ? " (early)" : "";
  return `${stage.best.metric} ${fixed4(stage.best.value)} @${stage.best.epoch}${early}`;
}
