import { elementSpecs } from '../../elements/spec.ts';
import type { LintRule } from '../types.ts';

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The closest known element name, when one is close enough to be a typo. */
export function didYouMean(tag: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of Object.keys(elementSpecs)) {
    const d = distance(tag, known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return best !== undefined && bestDistance <= Math.max(3, Math.floor(tag.length / 3)) ? best : undefined;
}

export const unknownElement: LintRule = {
  id: 'unknown-element',
  description: 'crowd-* elements that do not exist',
  check(ctx) {
    return ctx.elements
      .filter((e) => e.tag.startsWith('crowd-') && !elementSpecs[e.tag])
      .map((e) => {
        const guess = didYouMean(e.tag);
        return ctx.at(e.offset, 'unknown-element', 'error', `<${e.tag}> is not a Crowd HTML Element${guess ? `; did you mean <${guess}>?` : ''}`, guess ? `rename it to <${guess}>` : 'see the element reference for the names');
      });
  },
};
