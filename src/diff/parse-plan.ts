import type { Plan } from "../plan/types.js";

/** A plan file's text as a plan, or why it is not one (naming the file as `label`). */
export function parsePlan(text: string, label: string): { plan: Plan } | { failure: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { failure: `'${label}' is not valid JSON: ${(error as Error).message}` };
  }
  const plan = value as Partial<Plan> | null;
  if (typeof plan !== "object" || plan === null || plan.planVersion !== 1 || !Array.isArray(plan.runs)) {
    return { failure: `'${label}' is not a thtl plan (planVersion 1); compile one with \`thtl compile\`` };
  }
  const problem = shapeProblem(plan as Plan);
  if (problem)
    return { failure: `'${label}' is not a complete thtl plan: ${problem}; compile it again with \`thtl compile\`` };
  return { plan: plan as Plan };
}

/**
 * The first part of a plan's skeleton (runs, hops, stages and the names that match them) that is
 * missing. A full schema validation would load ajv and double the command's start-up time; plans
 * are validated when `thtl compile` writes them, so this only catches a truncated or hand-edited one.
 */
function shapeProblem(plan: Plan): string | undefined {
  for (const [r, run] of plan.runs.entries()) {
    if (typeof run?.id !== "string" || !Array.isArray(run.hops)) return `runs[${r}] has no id or hops`;
    for (const [h, hop] of run.hops.entries()) {
      if (typeof hop?.domain !== "string" || !Array.isArray(hop.stages))
        return `${run.id}: hops[${h}] has no domain or stages`;
      const stage = hop.stages.findIndex(
        (s) => typeof s?.name !== "string" || typeof s.hash !== "string" || !Array.isArray(s.trainable),
      );
      if (stage !== -1) return `${run.id}: ${hop.domain}: stages[${stage}] has no name, hash or trainable groups`;
    }
  }
  return undefined;
}
