import type { Cause, DiffSummary, SettingDiff, SettingValue, StageDiff } from "./types.js";

/** `5`, `1e-4`, `1,234,567`, `hflip, rotate 15`, `none`. */
export function describeValue(value: SettingValue | undefined): string {
  if (value === null || value === undefined) return "none";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(describeScalar).join(", ");
  return describeScalar(value);
}

function describeScalar(value: string | number | boolean): string {
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) >= 10_000) {
    return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }
  return String(value);
}

/** `lr 1e-3 -> 5e-4`, `trainable +layer3 -layer4`, `lr layer4 1e-3` (added or removed). */
export function describeSetting(setting: SettingDiff): string {
  switch (setting.change) {
    case "added":
      return `${setting.key} ${describeValue(setting.new)}`;
    case "removed":
    case "unchanged":
      return `${setting.key} ${describeValue(setting.change === "removed" ? setting.old : setting.new)}`;
    case "changed":
      if (setting.added && setting.removed) {
        const parts = [...setting.added.map((item) => `+${item}`), ...setting.removed.map((item) => `-${item}`)];
        return `${setting.key} ${parts.join(" ")}`;
      }
      return `${setting.key} ${describeList(setting.old)} -> ${describeList(setting.new)}`;
  }
}

/** Lists whose order changed are shown whole and bracketed, so the two sides read apart. */
function describeList(value: SettingValue | undefined): string {
  return Array.isArray(value) ? `[${value.map(describeScalar).join(", ")}]` : describeValue(value);
}

/** `fundus/all changed`, `fundus data changed`, `hop fundus removed`, `init changed`. */
export function describeCause(cause: Cause): string {
  if (cause.level === "run") return `${cause.setting} changed`;
  if (cause.level === "stage") return `${cause.subject} ${cause.change}`;
  return cause.setting ? `${cause.subject} ${cause.setting} changed` : `hop ${cause.subject} ${cause.change}`;
}

/** What a stage's line says after `#`: how it moved, and whether its result stays valid. */
export function describeStageNote(stage: StageDiff): string | undefined {
  const parts: string[] = [];
  if (stage.renamedFrom !== undefined) parts.push(`renamed from ${stage.renamedFrom}`);
  if (stage.moved) parts.push(`moved ${stage.moved.from} -> ${stage.moved.to}`);
  const verdict = stage.verdict;
  if (verdict?.kind === "reusable") parts.push("reusable");
  else if (verdict?.kind === "new") parts.push("new: must run");
  else if (verdict?.kind === "own") parts.push("must re-run");
  else if (verdict?.kind === "upstream") parts.push(`forces re-run: ${describeCause(verdict.cause)}`);
  else if (verdict?.kind === "hash") parts.push("must re-run: its hash changed");
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** `Plan: 1 run added, 2 changed, 0 removed; 5 stages to re-run, 13 reusable.` */
export function describeSummary(summary: DiffSummary): string {
  const runs = `${plural(summary.runsAdded, "run")} added, ${summary.runsChanged} changed, ${summary.runsRemoved} removed`;
  return `Plan: ${runs}; ${plural(summary.stagesToRerun, "stage")} to re-run, ${summary.stagesReusable} reusable.`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
