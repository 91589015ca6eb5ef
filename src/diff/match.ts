/**
 * Matching two ordered lists (the hops of a run, the stages of a hop): by key first, then the
 * leftovers pairwise by `same` (a renamed stage with unchanged content), then which matched items
 * moved relative to the others.
 */
export interface Matching {
  /** For every new item, the index of its old counterpart, or `undefined` when it was added. */
  oldOf: (number | undefined)[];
  /** New indices matched by `same` rather than by key. */
  renamed: Set<number>;
  /** New indices whose item moved: not part of the longest run of items that kept their order. */
  moved: Set<number>;
  /** Both lists in one order, for display and for finding what comes upstream of an item: the new list, with each removed item placed after the item that preceded it in the old list. */
  merged: { old?: number; new?: number }[];
}

export function matchLists<T>(
  oldItems: readonly T[],
  newItems: readonly T[],
  key: (item: T) => string,
  same: (a: T, b: T) => boolean = () => false,
): Matching {
  const byKey = new Map<string, number>();
  oldItems.forEach((item, index) => byKey.set(key(item), index));
  const taken = new Set<number>();
  const oldOf = newItems.map((item) => {
    const index = byKey.get(key(item));
    if (index !== undefined) taken.add(index);
    return index;
  });
  const renamed = new Set<number>();
  oldOf.forEach((matched, n) => {
    if (matched !== undefined) return;
    const index = oldItems.findIndex((old, o) => !taken.has(o) && same(old, newItems[n]!));
    if (index === -1) return;
    taken.add(index);
    oldOf[n] = index;
    renamed.add(n);
  });
  return { oldOf, renamed, moved: movedItems(oldOf), merged: mergeOrder(oldItems.length, oldOf) };
}

/** The complement of a longest increasing subsequence of old indices, taken in new order. */
function movedItems(oldOf: (number | undefined)[]): Set<number> {
  const matched = oldOf.flatMap((old, n) => (old === undefined ? [] : [{ old, n }]));
  const length = matched.map(() => 1);
  const previous = matched.map(() => -1);
  for (let i = 0; i < matched.length; i++) {
    for (let j = 0; j < i; j++) {
      if (matched[j]!.old < matched[i]!.old && length[j]! + 1 >= length[i]!) {
        length[i] = length[j]! + 1;
        previous[i] = j;
      }
    }
  }
  const kept = new Set<number>();
  // Among equally long runs, keep the later items, so that in a swap the item brought forward is
  // the one that moved, and the item after it re-runs because of that move.
  let end = length.lastIndexOf(Math.max(0, ...length));
  for (; end !== -1; end = previous[end]!) kept.add(matched[end]!.n);
  return new Set(matched.filter(({ n }) => !kept.has(n)).map(({ n }) => n));
}

function mergeOrder(oldLength: number, oldOf: (number | undefined)[]): { old?: number; new?: number }[] {
  const newOf = new Map<number, number>();
  oldOf.forEach((old, n) => old !== undefined && newOf.set(old, n));
  const after = new Map<number, number[]>();
  for (let old = 0; old < oldLength; old++) {
    if (newOf.has(old)) continue;
    let anchor = -1;
    for (let before = old - 1; before >= 0 && anchor === -1; before--) anchor = newOf.get(before) ?? -1;
    after.set(anchor, [...(after.get(anchor) ?? []), old]);
  }
  const removed = (anchor: number) => (after.get(anchor) ?? []).map((old) => ({ old }));
  const entry = (old: number | undefined, n: number) => (old === undefined ? { new: n } : { old, new: n });
  return [...removed(-1), ...oldOf.flatMap((old, n) => [entry(old, n), ...removed(n)])];
}
