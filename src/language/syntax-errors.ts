import type { IParserErrorMessageProvider, TokenType } from "chevrotain";

/**
 * What went wrong at one parse error, as the parser knew it. Chevrotain only passes messages out
 * of its error hooks, so the hooks below encode this record as JSON and `parse.ts` decodes it into
 * a catalogue diagnostic (it also knows the enclosing block, which the hooks do not).
 */
export type SyntaxErrorRecord =
  | { kind: "mismatch"; rule: string; expected: string; expectedLabel: string }
  | { kind: "noViableAlt"; rule: string }
  | { kind: "earlyExit"; rule: string }
  | { kind: "notAllInput" };

const encode = (record: SyntaxErrorRecord) => JSON.stringify(record);

export const syntaxErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    encode({ kind: "mismatch", rule: ruleName, expected: expected.name, expectedLabel: labelOf(expected) }),
  buildNoViableAltMessage: ({ ruleName }) => encode({ kind: "noViableAlt", rule: ruleName }),
  buildEarlyExitMessage: ({ ruleName }) => encode({ kind: "earlyExit", rule: ruleName }),
  buildNotAllInputParsedMessage: () => encode({ kind: "notAllInput" }),
};

function labelOf(token: TokenType): string {
  return token.LABEL ?? `'${token.name}'`;
}

export function decodeSyntaxError(message: string): SyntaxErrorRecord {
  return JSON.parse(message) as SyntaxErrorRecord;
}

/** What a `Name` is for, by the rule that expected it. */
export const NAME_ROLE: Record<string, string> = {
  domainDecl: "a name for the domain",
  modelDecl: "a name for the model",
  scheduleDecl: "a name for the schedule",
  stageDecl: "a name for the stage",
  experimentDecl: "a name for the experiment",
  classesStmt: "a class name",
  positiveStmt: "a class name",
  dataStmt: "a synth kind (fundus, larynx or natural)",
  augmentItem: "an augmentation (hflip, vflip, rotate, crop or jitter)",
  modelStatement: "an architecture such as resnet18",
  optimizerSetting: "an optimizer (sgd, adam, adamw or rmsprop)",
  earlyStopSetting: "a metric (val_loss, val_acc, val_f1 or val_recall)",
  modelsStmt: "a model or architecture name",
  chainStmt: "'scratch' or a weights domain",
  chainLink: "a domain name",
  selector: "a group name",
};

/** What may come where none of a rule's alternatives matched. */
export const ALTERNATIVES: Record<string, string> = {
  declaration: "a declaration (import, domain, model, schedule or experiment)",
  domainStatement: "a domain statement (weights, data, classes, positive, split, image or augment)",
  dataStmt: "a data source (imagefolder, csv or synth)",
  modelStatement: "a model statement (arch, width, input or dropout)",
  stageStatement: "a stage statement (train, unfreeze, freeze or a setting)",
  trainableStmt: "train, unfreeze or freeze",
  selector: 'a selector (all, head, a group, GROUP..GROUP, last N or a "glob")',
  setting: "a setting (epochs, batch, optimizer, lr, weight_decay, batchnorm, early_stop or keep)",
  lrSetting: "a learning rate, or a selector and its learning rate",
  lrDecay: "cosine or step EVERY FACTOR",
  imageStmt: "grayscale or rgb",
  batchnormSetting: "train or frozen",
  keepSetting: "best or last",
  experimentStatement: "an experiment statement (models, seeds, input, chain or cam)",
  chainLink: "a schedule name or '{'",
};

/**
 * For `X+` repetitions: who needs at least one of what. The owner is quoted text, or `block` (the
 * enclosing block, e.g. schedule 'swft') or `previous` (the keyword just before, e.g. 'train').
 */
export const REPETITIONS: Record<string, { owner: string; item: string }> = {
  scheduleBody: { owner: "block", item: "stage" },
  chainStmt: { owner: "'chain'", item: "'-> DOMAIN with SCHEDULE' link" },
  classesStmt: { owner: "'classes'", item: "class name" },
  augmentStmt: { owner: "'augment'", item: "augmentation" },
  trainableStmt: { owner: "previous", item: "selector" },
  modelsStmt: { owner: "'models'", item: "model name" },
  seedsStmt: { owner: "'seeds'", item: "seed number" },
};
