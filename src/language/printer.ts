import type * as A from "./ast.js";
import { Layout, MAX_WIDTH } from "./layout.js";
import { printNumber, printString } from "./print-literals.js";
import { statementText, type SimpleStatement } from "./print-statements.js";

/**
 * The canonical text of a document (`thtl fmt`), Prettier-style: no options, the same output
 * for the same AST whatever the input's layout, comments kept where they were. Layout rules are
 * in docs/language.md; `Layout` places the comments and blank lines.
 */
export function print(document: A.Document): string {
  const layout = new Layout([...document.comments].sort((a, b) => a.span.start.offset - b.span.start.offset));
  if (document.version) {
    const v = document.version;
    layout.item(0, `version ${printNumber(v)}`, v.span.start, v.span.end);
  }
  for (const declaration of document.declarations) printDeclaration(layout, declaration);
  return layout.finish();
}

function printDeclaration(layout: Layout, d: A.Declaration) {
  const top = { separate: true };
  switch (d.kind) {
    case "Import":
      return layout.item(0, `import ${printString(d.path)}`, d.span.start, d.span.end, top);
    case "Schedule":
      return printBlock(layout, 0, `schedule ${d.name.value}`, d, d.name.span.end, () => printScheduleBody(layout, 1, d), top);
    default: {
      const statements = d.statements as A.DomainStatement[] | A.ModelStatement[] | A.ExperimentStatement[];
      const word = d.kind.toLowerCase();
      const contents = () => statements.forEach((s) => printStatement(layout, 1, s));
      return printBlock(layout, 0, `${word} ${d.name.value}`, d, d.name.span.end, contents, { ...top, empty: statements.length === 0 });
    }
  }
}

/** `HEADER {`, the contents, `}`; or `HEADER {}` when there is nothing inside, comments included. */
function printBlock(
  layout: Layout,
  indent: number,
  header: string,
  node: { span: A.Span },
  headerEnd: A.Position,
  contents: () => void,
  options: { separate?: boolean; empty?: boolean } = {},
) {
  const { start, end } = node.span;
  if (options.empty && !layout.hasCommentIn(headerEnd.offset, end.offset)) {
    layout.item(indent, `${header} {}`, start, end, options);
    return;
  }
  layout.item(indent, `${header} {`, start, headerEnd, { ...options, opensBlock: true });
  contents();
  layout.close(indent, end);
}

function printStatement(layout: Layout, indent: number, s: A.DomainStatement | A.ModelStatement | A.ExperimentStatement) {
  if (s.kind === "Chain") printChain(layout, indent, s);
  else layout.item(indent, statementText(s), s.span.start, s.span.end);
}

function printScheduleBody(layout: Layout, indent: number, body: { defaults?: A.DefaultsBlock; stages: A.StageDecl[] }) {
  const defaults = body.defaults;
  if (defaults) {
    printBlock(layout, indent, "defaults", defaults, defaults.span.start, () => {
      for (const s of defaults.settings) layout.item(indent + 1, statementText(s), s.span.start, s.span.end);
    }, { empty: defaults.settings.length === 0 });
  }
  for (const stage of body.stages) printStage(layout, indent, stage);
}

/** `stage NAME { a; b }` on one line when it fits and holds no comment, else one statement per line. */
function printStage(layout: Layout, indent: number, stage: A.StageDecl) {
  const oneLine = stageOnOneLine(stage);
  if (oneLine !== undefined && fits(indent, oneLine) && !layout.hasCommentIn(stage.span.start.offset, stage.span.end.offset)) {
    layout.item(indent, oneLine, stage.span.start, stage.span.end);
    return;
  }
  printBlock(layout, indent, `stage ${stage.name.value}`, stage, stage.name.span.end, () => {
    for (const s of stage.statements) layout.item(indent + 1, statementText(s), s.span.start, s.span.end);
  });
}

function stageOnOneLine(stage: A.StageDecl): string {
  const body = stage.statements.map((s) => statementText(s as SimpleStatement)).join("; ");
  return body === "" ? `stage ${stage.name.value} {}` : `stage ${stage.name.value} { ${body} }`;
}

function fits(indent: number, text: string): boolean {
  return indent * 2 + text.length <= MAX_WIDTH;
}

/**
 * `chain START -> D with S` on one line when it fits, holds no comment and its inline schedules
 * are a single one-line stage; otherwise one `-> D with S` link per line, inline blocks expanded.
 */
function printChain(layout: Layout, indent: number, chain: A.ChainStmt) {
  const inline = chain.links.map((link) => (link.schedule.kind === "Name" ? link.schedule.value : inlineOnOneLine(link.schedule)));
  const oneLine = `chain ${chain.start.value}${chain.links.map((link, i) => ` -> ${link.domain.value} with ${inline[i]}`).join("")}`;
  if (!inline.includes(undefined) && fits(indent, oneLine) && !layout.hasCommentIn(chain.span.start.offset, chain.span.end.offset)) {
    layout.item(indent, oneLine, chain.span.start, chain.span.end);
    return;
  }
  layout.item(indent, `chain ${chain.start.value}`, chain.span.start, chain.start.span.end);
  for (const link of chain.links) {
    const head = `-> ${link.domain.value} with`;
    const schedule = link.schedule;
    if (schedule.kind === "Name") {
      layout.item(indent + 1, `${head} ${schedule.value}`, link.span.start, link.span.end);
    } else {
      printBlock(layout, indent + 1, head, link, schedule.span.start, () => printScheduleBody(layout, indent + 2, schedule));
    }
  }
}

function inlineOnOneLine(schedule: A.InlineSchedule): string | undefined {
  const only = schedule.stages[0];
  return !schedule.defaults && schedule.stages.length === 1 && only ? `{ ${stageOnOneLine(only)} }` : undefined;
}
