import type { CliIO } from "../util/io.js";
import type { EventOf, Metrics, RunEvent, EventSink } from "../runtime/events.js";
import { stageBest, type BestEpoch } from "./best.js";
import { count, duration, fixed4, plural, rate } from "./format.js";
import { recordLines, shortPath, summaryLines } from "./summary.js";
import { reusedText, warningText, weightsText } from "./messages.js";
import { camText } from "./cam-text.js";

/**
 * The line logger for CI, pipes and files: no ANSI codes, no redraws; one line per run, hop and
 * stage start and end and per epoch, on stdout (the run's log, as Keras prints it); warnings
 * and messages on stderr. Batch events print nothing.
 */
export function plainSink(io: CliIO): EventSink {
  const domains = new Map<string, string>();
  const stages = new Map<string, string>();
  const bests = new Map<string, BestEpoch>();
  const where = (e: { runId: string; hop: number }) =>
    `${e.runId} · ${domains.get(`${e.runId}/${e.hop}`) ?? `hop ${e.hop}`}`;
  const out = (text: string) => io.stdout(`${text}\n`);
  return (event: RunEvent) => {
    switch (event.type) {
      case "plan:start":
        out(planStart(event, io.cwd));
        for (const note of event.backend.notes) io.stderr(`note: ${note}\n`);
        return;
      case "run:start":
        return out(`${event.runId} · run ${event.index + 1}/${event.total} · ${event.chain.join(" -> ")}`);
      case "hop:start":
        domains.set(`${event.runId}/${event.hop}`, event.domain);
        event.stages.forEach((s, i) => stages.set(`${event.runId}/${event.hop}/${i}`, s.name));
        return out(hopStart(event));
      case "stage:start":
        stages.set(`${event.runId}/${event.hop}/${event.stage}`, event.name);
        return out(`${where(event)} · ${stageStart(event)}`);
      case "epoch:end":
        if (event.best) bests.set(`${event.runId}/${event.hop}/${event.stage}`, { epoch: event.epoch, val: event.val });
        return out(
          `${where(event)} · ${stages.get(`${event.runId}/${event.hop}/${event.stage}`)} · ${epochEnd(event)}`,
        );
      case "stage:end": {
        const key = `${event.runId}/${event.hop}/${event.stage}`;
        return out(
          `${where(event)} · ${stages.get(key)} · ${stageEnd(event, stageBest(event, bests.get(key) ?? null))}`,
        );
      }
      case "cam:saved":
        return out(
          `${where(event)} · ${stages.get(`${event.runId}/${event.hop}/${event.stage}`)} · ${camText(event, io.cwd)}`,
        );
      case "stage:reused":
        return out(`${where(event)} · ${event.name} · ${reusedText(event)}`);
      case "hop:end":
        return out(`${where(event)} · ${event.test ? `test · ${metrics(event.test)}` : "done"}`);
      case "run:end":
        if (event.error) io.stderr(`error: ${event.runId} failed: ${event.error}\n`);
        return out(runEnd(event, io.cwd));
      case "weights:loaded":
        return out(`${event.runId} · ${weightsText(event)}`);
      case "warning":
        return io.stderr(`warning: ${warningText(event)}\n`);
      case "plan:end":
        if (event.runs.length > 0) for (const line of ["", ...summaryLines(event), ""]) out(line);
        for (const line of recordLines(event, io.cwd)) out(line);
        return;
      case "epoch:start":
      case "batch:end":
        return;
    }
  };
}

function planStart(event: EventOf<"plan:start">, cwd: string): string {
  const { backend } = event;
  const device = backend.gpu ? "GPU" : backend.threads > 1 ? `CPU, ${backend.threads} threads` : "CPU";
  const runs = plural(event.runs.length, "run");
  return `thtl run ${event.plan} · ${runs} · ${backend.name} (${device}) · records in ${shortPath(event.outDir, cwd)}`;
}

function hopStart(event: EventOf<"hop:start">): string {
  const { train, val, test } = event.sizes;
  const sizes = test > 0 ? `${train}/${val}/${test}` : `${train}/${val}`;
  const stages = plural(event.stages.length, "stage");
  return `${event.runId} · ${event.domain} · ${event.classes.length} classes · head ${event.head} · ${sizes} images · ${stages}`;
}

function stageStart(event: EventOf<"stage:start">): string {
  const parts = [
    event.name,
    "start",
    `trains ${event.trainable.join(", ")}`,
    `${count(event.trainableParams)}/${count(event.totalParams)} params`,
    plural(event.epochs, "epoch"),
    `lr ${rate(event.lr)}`,
    `batch ${event.batch}`,
  ];
  if (event.cachedPrefix)
    parts.push(event.reusedPrefix ? "frozen prefix cached (features reused)" : "frozen prefix cached");
  if (event.resumedAtEpoch !== null) parts.push(`resumed at epoch ${event.resumedAtEpoch}`);
  return parts.join(" · ");
}

function epochEnd(event: EventOf<"epoch:end">): string {
  const parts = [
    `epoch ${event.epoch}/${event.epochs}`,
    `loss ${fixed4(event.loss)}`,
    `acc ${fixed4(event.acc)}`,
    `val_loss ${fixed4(event.val.loss)}`,
    `val_acc ${fixed4(event.val.acc)}`,
  ];
  if (event.val.positive) parts.push(`val_recall(${event.val.positive.class}) ${fixed4(event.val.positive.recall)}`);
  parts.push(duration(event.durationMs));
  return parts.join(" · ");
}

function stageEnd(event: EventOf<"stage:end">, best: ReturnType<typeof stageBest>): string {
  const parts = [
    event.stoppedEarly ? "stopped early" : "done",
    plural(event.epochsRun, "epoch"),
    `best ${best.metric} ${fixed4(best.value)} at epoch ${best.epoch}`,
    `kept ${event.kept}`,
    duration(event.durationMs),
  ];
  return parts.join(" · ");
}

function runEnd(event: EventOf<"run:end">, cwd: string): string {
  const parts = [event.runId, event.status];
  if (event.test) parts.push(`test ${metrics(event.test)}`);
  if (event.error) parts.push(event.error);
  parts.push(`records in ${shortPath(event.outDir, cwd)}`);
  return parts.join(" · ");
}

function metrics(m: Metrics): string {
  const parts = [`loss ${fixed4(m.loss)}`, `acc ${fixed4(m.acc)}`, `macro_f1 ${fixed4(m.macroF1)}`];
  if (m.positive) parts.push(`recall(${m.positive.class}) ${fixed4(m.positive.recall)}`);
  if (m.auc !== null) parts.push(`auc ${fixed4(m.auc)}`);
  return parts.join(" · ");
}
