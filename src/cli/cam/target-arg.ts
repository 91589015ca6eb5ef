import type { CamTarget } from "../../runtime/cam/layer-cam.js";
import { UsageError } from "../command.js";

/** `--class NAME|INDEX|predicted` against the model's classes. */
export function classTarget(text: string | undefined, classes: readonly string[]): CamTarget {
  if (text === undefined || text === "predicted") return "predicted";
  const byName = classes.indexOf(text);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(text) && Number(text) < classes.length) return Number(text);
  throw new UsageError(
    `--class '${text}' is not one of the model's classes (${classes.join(", ")}), an index below ${classes.length}, or 'predicted'`,
  );
}
