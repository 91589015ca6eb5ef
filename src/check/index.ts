import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { CheckContext, type Rule } from "./context.js";
import { createHost, type SourceHost } from "./host.js";
import { loadProgram, type Program } from "./program.js";
import { chainDomainsRule } from "./rules/chain-domains.js";
import { classCountRule } from "./rules/class-count.js";
import { consistentChainImagesRule } from "./rules/consistent-chain-images.js";
import { domainKindRule } from "./rules/domain-kind.js";
import { effectiveFreezeRule } from "./rules/effective-freeze.js";
import { effectiveGroupLrRule } from "./rules/effective-group-lr.js";
import { effectiveUnfreezeRule } from "./rules/effective-unfreeze.js";
import { experimentCompleteRule } from "./rules/experiment-complete.js";
import { knownAugmentationsRule } from "./rules/known-augmentations.js";
import { knownDomainsRule } from "./rules/known-domains.js";
import { knownMetricsRule } from "./rules/known-metrics.js";
import { knownModelsRule } from "./rules/known-models.js";
import { knownOptimizersRule } from "./rules/known-optimizers.js";
import { knownSchedulesRule } from "./rules/known-schedules.js";
import { minimumInputRule } from "./rules/minimum-input.js";
import { modelDeclarationsRule } from "./rules/model-declarations.js";
import { nonEmptyTrainableRule } from "./rules/non-empty-trainable.js";
import { positiveClassRule } from "./rules/positive-class.js";
import { readableClassesRule } from "./rules/readable-classes.js";
import { selectorsMatchRule } from "./rules/selectors-match.js";
import { singleStatementsRule } from "./rules/single-statements.js";
import { splitSumsRule } from "./rules/split-sums.js";
import { stageEpochsRule } from "./rules/stage-epochs.js";
import { synthKindsRule } from "./rules/synth-kinds.js";
import { uniqueDeclarationsRule } from "./rules/unique-declarations.js";
import { uniqueListItemsRule } from "./rules/unique-list-items.js";
import { uniqueStageNamesRule } from "./rules/unique-stage-names.js";
import { unusedDeclarationsRule } from "./rules/unused-declarations.js";
import { valuesInRangeRule } from "./rules/values-in-range.js";

export { createHost, type SourceHost } from "./host.js";
export type { Program, SourceFile } from "./program.js";
export { CheckContext } from "./context.js";

/** Every semantic rule, in the order their diagnostics are reported within one position. */
export const RULES: readonly Rule[] = [
  uniqueDeclarationsRule,
  modelDeclarationsRule,
  knownModelsRule,
  knownDomainsRule,
  knownSchedulesRule,
  uniqueStageNamesRule,
  singleStatementsRule,
  uniqueListItemsRule,
  domainKindRule,
  synthKindsRule,
  readableClassesRule,
  classCountRule,
  positiveClassRule,
  splitSumsRule,
  knownAugmentationsRule,
  valuesInRangeRule,
  knownOptimizersRule,
  knownMetricsRule,
  stageEpochsRule,
  experimentCompleteRule,
  chainDomainsRule,
  consistentChainImagesRule,
  minimumInputRule,
  selectorsMatchRule,
  nonEmptyTrainableRule,
  effectiveUnfreezeRule,
  effectiveFreezeRule,
  effectiveGroupLrRule,
  unusedDeclarationsRule,
];

export interface CheckResult {
  /** Undefined when the root file could not be read. */
  program?: Program;
  /** Present when the semantic rules ran (the program read and parsed without errors). */
  context?: CheckContext;
  /** Sorted by file (the checked file first) and position, without repeats. */
  diagnostics: Diagnostic[];
}

/**
 * Reads, parses and checks a file and its imports. The semantic rules run only when every file
 * was read and parsed cleanly: on a broken tree they would mostly report the breakage again.
 * `makeContext` lets the language server bring memos that outlive one check.
 */
export function checkFile(
  path: string,
  host: SourceHost = createHost(),
  makeContext = (program: Program) => new CheckContext(program, host),
): CheckResult {
  const { program, diagnostics } = loadProgram(path, host);
  if (!program) return { diagnostics };
  if (diagnostics.some((d) => d.severity === "error")) return { program, diagnostics: ordered(program, diagnostics) };
  const context = makeContext(program);
  const found = RULES.flatMap((rule) => rule(context));
  return { program, context, diagnostics: ordered(program, [...diagnostics, ...found]) };
}

/** One diagnostic per code and span (a schedule used by many models reports a problem once), in reading order. */
function ordered(program: Program, diagnostics: Diagnostic[]): Diagnostic[] {
  const fileOrder = [
    program.root.path,
    ...program.files.map((file) => file.path).filter((path) => path !== program.root.path),
  ];
  const rank = (file: string) => (fileOrder.includes(file) ? fileOrder.indexOf(file) : fileOrder.length);
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.code} ${d.file} ${d.span.start.offset} ${d.span.end.offset}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
  return unique
    .map((d, index) => ({ d, index }))
    .sort(
      (a, b) => rank(a.d.file) - rank(b.d.file) || a.d.span.start.offset - b.d.span.start.offset || a.index - b.index,
    )
    .map(({ d }) => d);
}
