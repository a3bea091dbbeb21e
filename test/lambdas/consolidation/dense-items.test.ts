import { describe, expect, it } from 'vitest';
import { boxMerge, keypointMerge, spanVote } from '../../../lambdas/consolidation/index.ts';
import { GRID_FROM, GridIndex } from '../../../lambdas/consolidation/geometry/grid-index.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlaps = (a: Rect, b: Rect) => Math.max(a.left, b.left) < Math.min(a.right, b.right) && Math.max(a.top, b.top) < Math.min(a.bottom, b.bottom);

describe('grid index', () => {
  it('finds every filed rectangle a query overlaps, once, through moves and removals (against a full scan)', () => {
    const random = seededRandom(11);
    const extent = { left: 0, top: 0, right: 1000, bottom: 1000 };
    const grid = new GridIndex({ count: 300, extent, cellWidth: 20, cellHeight: 20 });
    const filed = new Map<number, Rect>();
    const rect = (): Rect => {
      // Mostly small, some huge (the oversized list), some partly or wholly outside the extent.
      const huge = random() < 0.05;
      const left = random() * 1400 - 200;
      const top = random() * 1400 - 200;
      const width = huge ? 600 + random() * 800 : 1 + random() * 60;
      return { left, top, right: left + width, bottom: top + (huge ? 600 : 1 + random() * 60) };
    };
    for (let step = 0; step < 3000; step++) {
      const id = Math.floor(random() * 300);
      if (random() < 0.15) {
        grid.remove(id);
        filed.delete(id);
      } else {
        const r = rect();
        grid.set(id, r.left, r.top, r.right, r.bottom);
        filed.set(id, r);
      }
      const q = rect();
      const count = grid.near(q.left, q.top, q.right, q.bottom);
      const found = Array.from(grid.found.subarray(0, count));
      expect(new Set(found).size).toBe(found.length);
      for (const [fid, r] of filed) if (overlaps(r, q)) expect(found).toContain(fid);
      for (const fid of found) expect(filed.has(fid)).toBe(true);
    }
  });

  it('an extent or cell size that is not a positive finite number gives one cell: every query sees every id', () => {
    for (const [extent, cell] of [
      [{ left: 0, top: 0, right: 0, bottom: 0 }, 10],
      [{ left: -Number.MAX_VALUE, top: 0, right: Number.MAX_VALUE, bottom: 10 }, 10],
      [{ left: 0, top: 0, right: 100, bottom: 100 }, Number.NaN],
      [{ left: 0, top: 0, right: 100, bottom: 100 }, 0],
    ] as const) {
      const grid = new GridIndex({ count: 3, extent, cellWidth: cell, cellHeight: cell });
      grid.set(0, 0, 0, 1, 1);
      grid.set(1, 90, 90, 95, 95);
      grid.set(2, Number.NaN, -Infinity, Infinity, Number.NaN);
      expect(Array.from(grid.found.subarray(0, grid.near(50, 50, 51, 51))).sort()).toEqual([0, 1, 2]);
    }
  });

  it('coordinates far outside, infinite or NaN land in edge cells instead of throwing', () => {
    const grid = new GridIndex({ count: 4, extent: { left: 0, top: 0, right: 100, bottom: 100 }, cellWidth: 10, cellHeight: 10 });
    grid.set(0, -1e308, -1e308, -1e308 + 1, -1e308 + 1);
    grid.set(1, Infinity, Infinity, Infinity, Infinity);
    grid.set(2, Number.NaN, Number.NaN, Number.NaN, Number.NaN);
    expect(Array.from(grid.found.subarray(0, grid.near(-5, -5, -1, -1)))).toEqual(expect.arrayContaining([0, 2]));
    expect(Array.from(grid.found.subarray(0, grid.near(500, 500, 600, 600)))).toEqual([1]);
  });
});

// Objects far apart from each other do not interact, so one item holding all of them (clustered
// through the grid once it has GRID_FROM or more objects) must give exactly what one item per
// object gives (a full scan over a handful of clusters).
describe('dense items: the grid gives what a full scan gives', () => {
  const workers = ['a', 'b', 'c', 'd', 'e'];
  const objects = 150;
  const random = seededRandom(5);
  const places = Array.from({ length: objects }, (_, i) => ({ x: (i % 15) * 200 + 50, y: Math.floor(i / 15) * 200 + 50 }));
  // Per worker and object: misses, jitter and a spurious nearby extra, drawn once for both layouts.
  const draws = workers.map(() => places.map(() => ({ miss: random() < 0.15, dx: (random() - 0.5) * 8, dy: (random() - 0.5) * 8, extra: random() < 0.1, label: random() < 0.2 ? 'cyclist' : 'person' })));
  // Worker qualities sum the same statistics in another order in the two layouts, so numbers may
  // differ in the last bit: compare them to 9 decimals.
  const sort = <T extends object>(list: T[]) => list.map((o) => JSON.stringify(o, (_, v: unknown) => (typeof v === 'number' ? Number(v.toFixed(9)) : v))).sort();

  it('box-merge', () => {
    const boxesOf = (w: number, only?: number) =>
      places.flatMap((p, o) => {
        const d = draws[w]?.[o];
        if (!d || d.miss || (only !== undefined && only !== o)) return [];
        const box = { label: d.label, left: p.x + d.dx, top: p.y + d.dy, width: 40 + d.dx, height: 80 - d.dy };
        return d.extra ? [box, { ...box, left: box.left + 60 }] : [box];
      });
    const imageSize = { width: 3200, height: 2200 };
    const dense = boxMerge.consolidate(workers.map((worker, w) => ({ item: 'scene', worker, answer: { boxes: boxesOf(w), imageSize } })));
    expect(workers.reduce((n, _, w) => n + boxesOf(w).length, 0)).toBeGreaterThanOrEqual(GRID_FROM);
    const apart = boxMerge.consolidate(places.flatMap((_, o) => workers.map((worker, w) => ({ item: `o${o}`, worker, answer: { boxes: boxesOf(w, o), imageSize } }))));
    const merged = dense.items[0]?.label ?? [];
    expect(merged.length).toBeGreaterThan(objects * 0.9);
    expect(sort(merged)).toEqual(sort(apart.items.flatMap((it) => it.label ?? [])));
    expect(sort(dense.workers)).toEqual(sort(apart.workers));
  });

  it('keypoint-merge', () => {
    const pointsOf = (w: number, only?: number) =>
      places.flatMap((p, o) => {
        const d = draws[w]?.[o];
        return !d || d.miss || (only !== undefined && only !== o) ? [] : [{ label: d.label, x: p.x + d.dx, y: p.y + d.dy }];
      });
    const options = { radius: 0.01 };
    const imageSize = { width: 3200, height: 2200 };
    const dense = keypointMerge.consolidate(workers.map((worker, w) => ({ item: 'scene', worker, answer: { keypoints: pointsOf(w), imageSize } })), options);
    const apart = keypointMerge.consolidate(places.flatMap((_, o) => workers.map((worker, w) => ({ item: `o${o}`, worker, answer: { keypoints: pointsOf(w, o), imageSize } }))), options);
    // Points are clustered per label, so a label disagreement can split an object below the quorum.
    expect(sort(dense.items[0]?.label ?? []).length).toBeGreaterThan(objects * 0.75);
    expect(sort(dense.items[0]?.label ?? [])).toEqual(sort(apart.items.flatMap((it) => it.label ?? [])));
  });

  it('span-vote', () => {
    const spansOf = (w: number, only?: number) =>
      places.flatMap((_, o) => {
        const d = draws[w]?.[o];
        // Lengths 5–35 around a typical 20, so spans and clusters straddle cells of the grid.
        const start = o * 40 + Math.round(d?.dx ?? 0) / 4;
        return !d || d.miss || (only !== undefined && only !== o) ? [] : [{ label: d.label, startOffset: Math.round(start), endOffset: o * 40 + 5 + (o % 7) * 5 + Math.round(d.dy / 4) }];
      });
    const dense = spanVote.consolidate(workers.map((worker, w) => ({ item: 'doc', worker, answer: { entities: spansOf(w) } })));
    const apart = spanVote.consolidate(places.flatMap((_, o) => workers.map((worker, w) => ({ item: `o${o}`, worker, answer: { entities: spansOf(w, o) } }))));
    expect((dense.items[0]?.label ?? []).length).toBeGreaterThan(objects * 0.9);
    expect(sort(dense.items[0]?.label ?? [])).toEqual(sort(apart.items.flatMap((it) => it.label ?? [])));
  });
});
