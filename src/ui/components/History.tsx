import { Box, Text } from "ink";
import type { HistoryItem } from "../state.js";
import { duration, fixed4 } from "../format.js";
import { Tone } from "./theme.js";

/** Column layout of the finished-epochs table (fastai's per-epoch row): fits in 60 columns. */
const COLUMNS = [
  { title: "epoch", width: 7 },
  { title: "train_loss", width: 11 },
  { title: "val_loss", width: 10 },
  { title: "val_acc", width: 9 },
  { title: "recall", width: 9 },
  { title: "time", width: 8 },
] as const;

function cells(values: string[]): string {
  return values.map((v, i) => v.padStart(COLUMNS[i]!.width)).join("");
}

/** One item of the append-only history above the live area: a stage title, an epoch row, a note. */
export function HistoryLine({ item }: { item: HistoryItem }) {
  switch (item.kind) {
    case "title":
      return (
        <Box flexDirection="column" marginTop={1}>
          <Tone bold wrap="wrap">
            {item.text}
            {item.positive ? <Tone color="gray">{` · recall: ${item.positive}`}</Tone> : null}
          </Tone>
          <Tone color="gray" wrap="truncate-end">
            {cells(COLUMNS.map((c) => c.title))}
          </Tone>
        </Box>
      );
    case "epoch": {
      const row = cells([
        `${item.epoch}/${item.epochs}`,
        fixed4(item.loss),
        fixed4(item.valLoss),
        fixed4(item.valAcc),
        item.recall === null ? "-" : fixed4(item.recall),
        duration(item.durationMs),
      ]);
      return (
        <Text wrap="truncate-end">
          {row}
          {item.best ? <Tone color="green"> best</Tone> : null}
        </Text>
      );
    }
    case "note":
      return (
        <Box>
          <Box width={2} flexShrink={0}>
            <Tone color="green">✓</Tone>
          </Box>
          <Tone color="green" wrap="wrap">
            {item.text}
          </Tone>
        </Box>
      );
  }
}
