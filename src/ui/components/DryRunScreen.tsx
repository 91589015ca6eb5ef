import { Box } from "ink";
import type { Plan } from "../../plan/types.js";
import { dryRunBlocks } from "../dry-run-view.js";
import { plural } from "../format.js";
import { StageList } from "./StageList.js";
import { Tone } from "./theme.js";

/** `thtl run --dry-run`: the run screen's layout for a plan, every stage pending, nothing trained. */
export function DryRunScreen({ plan, columns }: { plan: Plan; columns: number }) {
  const source = plan.sources[0]?.path ?? "plan";
  const runs = plural(plan.runs.length, "run");
  return (
    <Box flexDirection="column">
      <Tone bold wrap="truncate-end">{`${source} · ${runs} · dry run: nothing is trained`}</Tone>
      {dryRunBlocks(plan).map((block) => (
        <Box key={block.title} flexDirection="column" marginTop={1}>
          <Tone bold wrap="wrap">
            {block.title}
          </Tone>
          <Tone color="gray" wrap="wrap">
            {block.chain.join(" -> ")}
          </Tone>
          {block.hops.map((hop) => (
            <Box key={hop.title} marginTop={1} paddingLeft={2} flexDirection="column">
              <StageList title={hop.title} stages={hop.stages} columns={columns - 2} />
            </Box>
          ))}
          <Box marginTop={1} paddingLeft={2} flexDirection="column">
            {block.grid.map((line, i) => (
              <Tone key={i} wrap="truncate-end">
                {line}
              </Tone>
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
