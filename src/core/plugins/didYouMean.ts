/** Levenshtein distance, for "did you mean" hints on unknown names. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The closest candidate within a third of the name's length, if any. */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.ceil(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** "Unknown X 'y'. Available: a, b, c. Did you mean 'b'?" */
export function unknownNameMessage(what: string, name: string, available: readonly string[]): string {
  const list = available.length > 0 ? [...available].sort().join(', ') : '<none>';
  const hint = didYouMean(name, available);
  return `Unknown ${what} '${name}'. Available: ${list}.${hint ? ` Did you mean '${hint}'?` : ''}`;
}
