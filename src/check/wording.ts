/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
export function quoteList(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** `'a' is`, `'a' and 'b' are`: for messages that go on with a verb. */
export function quoteListWithVerb(names: readonly string[]): string {
  return `${quoteList(names)} ${names.length === 1 ? "is" : "are"}`;
}

/** The keyword that starts each kind of statement, for messages. */
export const STATEMENT_KEYWORDS: Record<string, string> = {
  Weights: "weights",
  Data: "data",
  Classes: "classes",
  Positive: "positive",
  Split: "split",
  Image: "image",
  Augment: "augment",
  Arch: "arch",
  Width: "width",
  Input: "input",
  Dropout: "dropout",
  Epochs: "epochs",
  Batch: "batch",
  Optimizer: "optimizer",
  Lr: "lr",
  WeightDecay: "weight_decay",
  Batchnorm: "batchnorm",
  EarlyStop: "early_stop",
  Keep: "keep",
  Models: "models",
  Seeds: "seeds",
  Cam: "cam",
  Chain: "chain",
};
