import type * as A from "./ast.js";
import { Layout, MAX_WIDTH } from "./print-layout.js";
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
  document.declarations.forEach((declaration, i) => {
    const previous = document.declarations[i - 1];
    // `version` and a run of imports form the file's header, with no blank lines inside it.
    const header = declaration.kind === "Import" && (previous === undefined || previous.kind === "Import");
    printDeclaration(layout, declaration, !header);
  });
  return layout.finish();
}

function printDeclaration(layout: Layout, d: A.Declaration, separate: boolean) {
  const top = { separate };
  switch (d.kind) {
    case "Import":
      return layout.item(0, `import ${printString(d.path)}`, d.span.start, d.span.end, top);
    case "Schedule":
      return printBlock(
        layout,
        0,
        `schedule ${d.name.value}`,
        d,
        d.name.span.end,
        () => printScheduleBody(layout, 1, d),
        top,
      );
    default: {
      const statements = d.statements as A.DomainStatement[] | A.ModelStatement[] | A.ExperimentStatement[];
      const word = d.kind.toLowerCase();
      const contents = () => statements.forEach((s) => printStatement(layout, 1, s));
      return printBlock(layout, 0, `${word} ${d.name.value}`, d, d.name.span.end, contents, {
        ...top,
        empty: statements.length === 0,
      });
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

function printStatement(
  layout: Layout,
  indent: number,
  s: A.DomainStatement | A.ModelStatement | A.ExperimentStatement,
) {
  if (s.kind === "Chain") printChain(layout, indent, s);
  else layout.item(indent, statementText(s), s.span.start, s.span.end);
}

function printScheduleBody(
  layout: Layout,
  indent: number,
  body: { defaults?: A.DefaultsBlock; stages: A.StageDecl[] },
) {
  if (body.defaults)
    printStatementBlock(layout, indent, "defaults", body.defaults, body.defaults.settings, body.defaults.span.start);
  for (const stage of body.stages)
    printStatementBlock(layout, indent, `stage ${stage.name.value}`, stage, stage.statements, stage.name.span.end);
}

/**
 * A stage or `defaults`: `HEADER { a; b }` on one line when it fits and holds no comment, else one
 * statement per line.
 */
function printStatementBlock(
  layout: Layout,
  indent: number,
  header: string,
  node: { span: A.Span },
  statements: (A.StageStatement | A.Setting)[],
  headerEnd: A.Position,
) {
  const oneLine = blockOnOneLine(header, statements);
  if (fits(indent, oneLine) && !commentBreaks(layout, node, statements)) {
    layout.item(indent, oneLine, node.span.start, node.span.end);
    return;
  }
  printBlock(layout, indent, header, node, headerEnd, () => {
    for (const s of statements) layout.item(indent + 1, statementText(s), s.span.start, s.span.end);
  });
}

function blockOnOneLine(header: string, statements: SimpleStatement[]): string {
  const body = statements.map(statementText).join("; ");
  return body === "" ? `${header} {}` : `${header} { ${body} }`;
}

/**
 * Whether comments make a block break: one lies before its last item (or anywhere in an empty
 * block). A comment inside the last item trails the block's last line whether it breaks or not,
 * so it must not decide, or formatting the output again would lay it out differently.
 */
function commentBreaks(layout: Layout, block: { span: A.Span }, items: { span: A.Span }[]): boolean {
  const last = items[items.length - 1];
  return layout.hasCommentIn(block.span.start.offset, last ? last.span.start.offset : block.span.end.offset);
}

function fits(indent: number, text: string): boolean {
  return indent * 2 + text.length <= MAX_WIDTH;
}

/**
 * `chain START -> D with S` on one line when it fits and holds no comment, inline schedules being
 * a single one-line stage; otherwise one `-> D with S` link per line, each as a one-line link if
 * it can be, else with its inline schedule expanded below it.
 */
function printChain(layout: Layout, indent: number, chain: A.ChainStmt) {
  const links = chain.links.map((link) => ({ link, text: linkOnOneLine(link) }));
  const oneLine = `chain ${chain.start.value} ${links.map((l) => l.text).join(" ")}`;
  const last = chain.links[chain.links.length - 1];
  const lastHolds =
    last !== undefined &&
    last.schedule.kind === "InlineSchedule" &&
    layout.hasCommentIn(last.span.start.offset, last.span.end.offset);
  if (
    links.every((l) => l.text !== undefined) &&
    fits(indent, oneLine) &&
    !commentBreaks(layout, chain, chain.links) &&
    !lastHolds
  ) {
    layout.item(indent, oneLine, chain.span.start, chain.span.end);
    return;
  }
  layout.item(indent, `chain ${chain.start.value}`, chain.span.start, chain.start.span.end);
  for (const { link, text } of links) {
    const schedule = link.schedule;
    if (
      text !== undefined &&
      fits(indent + 1, text) &&
      !layout.hasCommentIn(link.span.start.offset, link.span.end.offset)
    ) {
      layout.item(indent + 1, text, link.span.start, link.span.end);
    } else if (schedule.kind === "InlineSchedule") {
      const head = `-> ${link.domain.value} with`;
      printBlock(layout, indent + 1, head, link, schedule.span.start, () =>
        printScheduleBody(layout, indent + 2, schedule),
      );
    } else {
      layout.item(indent + 1, `-> ${link.domain.value} with ${schedule.value}`, link.span.start, link.span.end);
    }
  }
}

/** `-> D with S`, or with `{ stage ... }` when the inline schedule is one stage without defaults. */
function linkOnOneLine(link: A.ChainLink): string | undefined {
  const head = `-> ${link.domain.value} with`;
  const schedule = link.schedule;
  if (schedule.kind === "Name") return `${head} ${schedule.value}`;
  const only = schedule.stages[0];
  if (schedule.defaults || schedule.stages.length !== 1 || !only) return undefined;
  return `${head} { ${blockOnOneLine(`stage ${only.name.value}`, only.statements)} }`;
}
