import { describe, expect, it } from 'vitest';
import { algorithms, encodePng, toBase64 } from '../../../lambdas/consolidation/index.ts';
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
  const painted = (width: number, height: number) => encodePng({ width, height, data: Uint8Array.from({ length: width * height * 4 }, (_, i) => [214, 39, 40, 255, 44, 160, 44, 255, 255, 255, 255, 255, 0, 0, 0, 0][Math.floor(random() * 4) * 4 + (i % 4)] as number) });
  const good = painted(4, 3);
  const damaged = good.slice();
  damaged[40] = (damaged[40] as number) ^ 255;
  const masks = [good, toBase64(good), `data:image/png;base64,${toBase64(painted(4, 3))}`, painted(3, 4), good.subarray(0, 30), damaged, new Uint8Array(0), 'not base64 ✗', ''];
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
    // Masks: good PNGs of two sizes, one cut off, one with a damaged byte, not a PNG, bad base64; label names and colours as hostile as the rest.
    mask: () => ({ png: pick(masks), labelMappings: Object.fromEntries(some(() => [str(), { color: pick(['#d62728', '#2CA02C', '#fff', 'red', '', '#12345']) }], 3)), imageSize: pick([undefined, { width: 4, height: 3 }, { width: 0, height: 0 }]) }),
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
