import { diagnostic } from "../../diagnostics/catalogue.js";
import { atModelsEntry } from "../combination.js";
import type { Rule } from "../context.js";
import { resolveInput } from "../input.js";

/** The input size of every run is at least its architecture's minimum (inception_v3 needs 75x75). */
export const minimumInputRule: Rule = ({ experiments }) =>
  experiments.flatMap((experiment) =>
    experiment.models.flatMap(({ model }) => {
      if (!model) return [];
      const input = resolveInput(experiment, model);
      if (!input.origin || fits(input, model.arch.defaultInput)) return [];
      const min = model.arch.minInput;
      if (fits(input, min)) return [];
      const args = {
        size: `${input.height}x${input.width}`,
        arch: model.arch.name,
        model: model.name,
        min: `${min.height}x${min.width}`,
      };
      const found = diagnostic("THTL2073", args, input.origin.file, input.origin.span);
      // A domain's `image` suits other models; the experiment that runs it with this one is at fault.
      return [
        input.domain ? atModelsEntry(found, experiment, model, `'${input.domain}' sets the image size here`) : found,
      ];
    }),
  );

/** At least the architecture's default input is always enough, and much cheaper to know than the minimum. */
function fits(input: { height: number; width: number }, bound: { height: number; width: number }): boolean {
  return input.height >= bound.height && input.width >= bound.width;
}
