/** Edit distance (insertions, deletions, substitutions) between two short names. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known name closest to `name`, when it is close enough to be a typo (at most a third of the
 * name's length, and at least 1–3 edits). Ties go to the first name in `known`, so the answer is
 * stable.
 */
export function closest(name: string, known: Iterable<string>): string | undefined {
  // Names are short; a very long one is not a typo of anything we know.
  if (name.length === 0 || name.length > 64) return undefined;
  const allowed = Math.max(Math.min(3, Math.ceil(name.length / 4)), Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (Math.abs(candidate.length - name.length) > allowed) continue;
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/**
 * The known name a value is most likely meant as, for a "did you mean": the same name in another
 * case or with spaces or underscores for hyphens (`Bounding Box`), a near miss (`keypoints`), else
 * a name that holds the value (`text` → `text-classification`) or whose first word the value holds.
 * Every place that suggests a task type uses this one rule, so the same slip gets the same answer.
 */
export function suggestName(value: string, known: readonly string[]): string | undefined {
  const typed = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (typed === '') return undefined;
  if (known.includes(typed)) return typed;
  const near = closest(typed, known);
  if (near !== undefined) return near;
  // A word of two letters is in too many names to point at one.
  if (typed.length < 3) return undefined;
  return known.find((k) => k.includes(typed) || typed.includes(k.split('-')[0] ?? k));
}
