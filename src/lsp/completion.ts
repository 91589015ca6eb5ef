import { CompletionItemKind, type CompletionItem, type Range } from "vscode-languageserver";
import type { CheckContext } from "../check/index.js";
import { Keyword, KEYWORD_WORDS } from "../language/tokens.js";
import { assistAt, type AssistPoint, type Expected } from "./content-assist.js";
import * as names from "./completion-names.js";

/** Keyword token names (`EarlyStop`) to the words they match (`early_stop`). */
const KEYWORDS = new Map(KEYWORD_WORDS.map((word) => [Keyword[word].name, word]));

/**
 * Completion at the cursor: the keywords the grammar accepts there, and where it expects a name,
 * the names that fit (domains after `->`, schedules after `with`, groups after `train`, ...).
 * Items replace the part of the name typed so far (`range`).
 */
export function complete(
  text: string,
  wordStart: number,
  range: Range,
  context: CheckContext | undefined,
): CompletionItem[] {
  const point = assistAt(text, wordStart);
  if (!point) return [];
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (list: CompletionItem[]) => {
    for (const entry of list) {
      if (seen.has(entry.label)) continue;
      seen.add(entry.label);
      items.push({ ...entry, textEdit: { range, newText: entry.label } });
    }
  };
  for (const statement of point.statements ?? []) add([{ label: statement, kind: CompletionItemKind.Keyword }]);
  for (const expected of point.expected) {
    const keyword = KEYWORDS.get(expected.token);
    if (keyword) add([{ label: keyword, kind: CompletionItemKind.Keyword }]);
    else if (expected.token === "Name") add(namesFor(expected, point, context));
  }
  return items.map((entry, index) => ({ ...entry, sortText: String(index).padStart(4, "0") }));
}

function namesFor(expected: Expected, point: AssistPoint, context: CheckContext | undefined): CompletionItem[] {
  const rule = expected.rules[expected.rules.length - 1];
  const previous = point.preceding[point.preceding.length - 1]?.image;
  switch (rule) {
    case "selector":
      return names.groupNames(context, point.owner);
    case "chainLink":
      return previous === "with" ? names.scheduleNames(context) : names.domainNames(context, false);
    case "chainStmt":
      return names.domainNames(context, true);
    case "modelsStmt":
      return names.modelNames(context);
    case "modelStatement":
      return names.architectures();
    case "dataStmt":
      return names.synthKinds();
    case "augmentItem":
      return names.augmentations();
    case "optimizerSetting":
      return names.optimizers();
    case "earlyStopSetting":
      return names.metrics();
    case "positiveStmt":
      return names.classNames(context, point.owner?.keyword === "domain" ? point.owner.name : undefined);
    default:
      // a name being declared, or a class in `classes`: nothing to offer
      return [];
  }
}
