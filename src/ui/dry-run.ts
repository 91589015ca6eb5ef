import { stripVTControlCharacters } from "node:util";
import type { CliIO } from "../util/io.js";
import type { Plan } from "../plan/types.js";
import { wantsColor } from "../terminal/color.js";
import { WIDEST } from "./screen-width.js";
import { preferProductionReact } from "./react-env.js";

/**
 * `thtl run --dry-run`: prints the plan in the run screen's layout, once, to stdout. No ANSI
 * codes unless stdout is a terminal; the width is the terminal's (at most 120), or 100 in a pipe.
 */
export async function renderDryRun(plan: Plan, io: CliIO): Promise<void> {
  preferProductionReact();
  const [{ renderToString }, { createElement }, { DryRunScreen }, { ThemeContext }] = await Promise.all([
    import("ink"),
    import("react"),
    import("./components/DryRunScreen.js"),
    import("./components/theme.js"),
  ]);
  const tty = io.stdoutIsTTY;
  const columns = Math.min((tty && io.streams?.stdout.columns) || 100, WIDEST);
  const screen = createElement(DryRunScreen, { plan, columns });
  const text = renderToString(
    createElement(ThemeContext.Provider, { value: { color: wantsColor(io, "stdout") } }, screen),
    { columns },
  );
  io.stdout(`${tty ? text : stripVTControlCharacters(text)}\n`);
}
