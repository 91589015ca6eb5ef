import type { Settings } from "./settings.js";
import type { SettingDiff, SettingValue } from "./types.js";

/**
 * Every setting of either side, in the new side's order (settings only the old side has come
 * last), each marked added, removed, changed or unchanged.
 */
export function compareSettings(oldSettings: Settings, newSettings: Settings): SettingDiff[] {
  const oldByKey = new Map(oldSettings);
  const newKeys = new Set(newSettings.map(([key]) => key));
  const diffs: SettingDiff[] = newSettings.map(([key, value]) =>
    oldByKey.has(key) ? compareValues(key, oldByKey.get(key)!, value) : { key, change: "added", new: value },
  );
  for (const [key, value] of oldSettings) if (!newKeys.has(key)) diffs.push({ key, change: "removed", old: value });
  return diffs;
}

export function isChanged(diffs: readonly SettingDiff[]): boolean {
  return diffs.some((d) => d.change !== "unchanged");
}

function compareValues(key: string, oldValue: SettingValue, newValue: SettingValue): SettingDiff {
  if (JSON.stringify(oldValue) === JSON.stringify(newValue))
    return { key, change: "unchanged", old: oldValue, new: newValue };
  return { key, change: "changed", old: oldValue, new: newValue, ...setChange(oldValue, newValue) };
}

/**
 * Two lists read as a set change (`+layer3 -layer4`) when they share elements and those keep
 * their order; otherwise (classes relabelled or replaced, say) the whole lists are shown.
 */
function setChange(oldValue: SettingValue, newValue: SettingValue): { added: string[]; removed: string[] } | object {
  if (!Array.isArray(oldValue) || !Array.isArray(newValue)) return {};
  const oldItems = oldValue.map(String);
  const newItems = newValue.map(String);
  const shared = (items: string[], other: string[]) => items.filter((item) => other.includes(item));
  const kept = shared(oldItems, newItems);
  if (kept.length === 0 || kept.join("\n") !== shared(newItems, oldItems).join("\n")) return {};
  return {
    added: newItems.filter((item) => !oldItems.includes(item)),
    removed: oldItems.filter((item) => !newItems.includes(item)),
  };
}
