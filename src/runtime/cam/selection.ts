/**
 * The validation images a run keeps maps of: `count` positions of the split, balanced over the
 * classes (the first image of each class in split order, then the second of each, ...), so that
 * every stage of a hop, and every run on the same split, maps the same images.
 */
export function balancedSelection(files: readonly { label: number }[], classes: number, count: number): number[] {
  const byClass = Array.from({ length: classes }, () => [] as number[]);
  files.forEach((f, position) => byClass[f.label]?.push(position));
  const chosen: number[] = [];
  for (let round = 0; chosen.length < count && byClass.some((list) => list.length > round); round++) {
    for (const list of byClass) if (round < list.length && chosen.length < count) chosen.push(list[round]!);
  }
  return chosen;
}

/**
 * The groups a run maps after each stage of a hop: every group the hop's stages train that has a
 * feature map, and always the last such group before the classifier, so that runs of different
 * schedules share at least that one (`thtl cam --compare` shows it). In model order.
 */
export function mappedGroups(
  groups: readonly string[],
  trained: ReadonlySet<string>,
  hasFeatureMap: (group: string) => boolean,
): string[] {
  const candidates = groups.filter(hasFeatureMap);
  const last = candidates.at(-1);
  return candidates.filter((g) => trained.has(g) || g === last);
}
