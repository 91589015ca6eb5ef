/**
 * "Did you mean" suggestions: the closest known name by Damerau-Levenshtein distance (optimal
 * string alignment: insertions, deletions, substitutions and swaps of neighbours cost 1), as
 * TypeScript and graphql-js suggest names.
 */

export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo: at most a third
 * of the name's length (and at least 1) edits away. Case differences alone always qualify. Ties go
 * to the earlier candidate, so callers list candidates in a meaningful order.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean 'x'?` for a message's `{hint}` placeholder, or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestName(name, candidates);
  return best === undefined ? "" : `; did you mean '${best}'?`;
}

/** `; did you mean 'x'?`, else `; use a, b or c`: for names from a short fixed list. */
export function didYouMeanOrList(name: string, candidates: readonly string[]): string {
  return (
    didYouMean(name, candidates) ||
    `; use ${candidates.slice(0, -1).join(", ")} or ${candidates[candidates.length - 1]}`
  );
}
