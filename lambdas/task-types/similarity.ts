/** How alike two answers are, in [0, 1]: the dry run's per-worker agreement uses these. */

export function jaccard<T>(a: readonly T[], b: readonly T[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

export function iou(a: { left: number; top: number; width: number; height: number }, b: { left: number; top: number; width: number; height: number }): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Symmetric best-match score of two sets: each item scores its best partner (same label) in the
 * other set; the mean over both directions. Two empty sets agree fully.
 */
export function setAgreement<T extends { label: string }>(a: readonly T[], b: readonly T[], score: (x: T, y: T) => number): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const best = (from: readonly T[], to: readonly T[]) => from.reduce((sum, x) => sum + Math.max(0, ...to.filter((y) => y.label === x.label).map((y) => score(x, y))), 0);
  return (best(a, b) + best(b, a)) / (a.length + b.length);
}

export { textSimilarity } from '../consolidation/text.ts';
