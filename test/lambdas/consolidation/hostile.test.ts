import { describe, expect, it } from 'vitest';
import { algorithms } from '../../../lambdas/consolidation/index.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';

/**
 * Seeded hostile answers through every algorithm: NaN, ±Infinity, numbers near ±Number.MAX_VALUE,
 * empty and 10,000-character strings, names like "__proto__", empty and missing lists. Whatever
 * comes in, every item comes out (once, with a label or a reason) and every number is finite.
 */
describe('every algorithm on hostile answers', () => {
  const random = seededRandom(3);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const num = () => pick([0, -1, 0.5, 3, 100, 640, 1e-300, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  const str = () => pick(['', 'a', 'b', '__proto__', 'toString', '🙂', 'x'.repeat(10_000)]);
  const some = <T>(make: () => T, most: number) => Array.from({ length: Math.floor(random() * (most + 1)) }, make);
  const vertices = () => some(() => ({ x: num(), y: num() }), 4);
  const answerOf: Record<string, () => unknown> = {
    class: str,
    'multi-label': () => some(str, 3),
    box: () => ({ boxes: some(() => ({ left: num(), top: num(), width: num(), height: num(), label: str() }), 3), imageSize: pick([undefined, { width: num(), height: num() }]) }),
    keypoint: () => ({ keypoints: some(() => ({ x: num(), y: num(), label: str() }), 3), imageSize: pick([undefined, { width: num(), height: num() }]) }),
    polygon: () => ({ shapes: some(() => ({ vertices: vertices(), label: str() }), 2) }),
    polyline: () => ({ shapes: some(() => ({ vertices: vertices(), label: str() }), 2) }),
    span: () => ({ entities: some(() => ({ startOffset: num(), endOffset: num(), label: str() }), 2) }),
    text: str,
    number: num,
  };

  it.each(Object.values(algorithms).map((a) => [a.name, a] as const))('%s', (_name, algorithm) => {
    for (let round = 0; round < 60; round++) {
      const records = some(() => ({ item: pick(['i1', 'i2', '__proto__']), worker: pick(['w1', 'w2', 'w3', 'toString']), answer: answerOf[algorithm.kind]?.() }), 10);
      const out = algorithm.consolidate(records as never, {} as never);
      const items = out.items.map((i) => i.item);
      expect(items).toEqual([...new Set(records.map((r) => r.item))]);
      for (const item of out.items) expect(item.label !== null || typeof item.reason === 'string').toBe(true);
      const nonFinite: string[] = [];
      JSON.stringify(out, (key, value: unknown) => {
        if (typeof value === 'number' && !Number.isFinite(value)) nonFinite.push(`${key}: ${value}`);
        return value;
      });
      expect(nonFinite).toEqual([]);
    }
  });
});
