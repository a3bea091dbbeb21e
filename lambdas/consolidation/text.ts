import { medoidConsolidation } from './medoid.ts';
import type { Algorithm } from './types.ts';

/** 1 − normalised Levenshtein distance over code points, after trimming and folding spaces. */
export function textSimilarity(a: string, b: string): number {
  const norm = (s: string) => [...s.trim().replace(/\s+/g, ' ')];
  const x = norm(a);
  const y = norm(b);
  if (x.length === 0 && y.length === 0) return 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - (prev[y.length] ?? 0) / Math.max(x.length, y.length);
}

/**
 * Free text: the most central answer (the medoid under edit-distance similarity), so a typo of
 * one worker never reaches the label. Confidence: its mean similarity to the others.
 */
export const textMedoid: Algorithm<string, string> = {
  name: 'text-medoid',
  kind: 'text',
  description: 'The most central answer by edit distance',
  consolidate(records) {
    return medoidConsolidation(records.filter((r) => typeof r.answer === 'string'), textSimilarity);
  },
};
