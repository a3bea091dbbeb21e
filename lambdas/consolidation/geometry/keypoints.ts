import { commonOptions } from '../options.ts';
import { median } from '../median.ts';
import { countHit, qualityFromHits, type ItemResult, type SpecsFor } from '../types.ts';
import { countUnmarked, shareMarkingNothing } from '../tallies.ts';
import { frameOf, GRID_FROM, GridIndex } from './grid-index.ts';
import { checked } from '../checked.ts';
import { compareIds } from '../order.ts';
import { groupByItem } from '../group-by-item.ts';

export interface Keypoint {
  label: string;
  x: number;
  y: number;
}
export interface KeypointAnswer {
  keypoints: Keypoint[];
  imageSize?: { width: number; height: number };
}
export interface MergedKeypoint extends Keypoint {
  confidence: number;
  workers: number;
}

export interface KeypointOptions {
  /** Points of one label within this share of the image diagonal are the same point (default 0.05). */
  radius?: number;
  /** Share of the item's workers a point needs (default 0.5; ties kept). */
  quorum?: number;
}

const keypointOptionSpecs = {
  radius: { kind: 'number', min: 0, max: 1, default: 0.05, what: "the matching distance as a share of the image's diagonal" },
  quorum: commonOptions.quorum,
} as const satisfies SpecsFor<KeypointOptions>;

/**
 * Keypoints: per label, points are matched across workers by distance (greedy, nearest first,
 * at most one point per worker per cluster, within `radius` × the image diagonal of the cluster's
 * centre); the merged point is the coordinate-wise median (robust to a misplaced click); a point
 * is kept when a quorum of workers placed it. Confidence: support share × (1 − mean distance /
 * radius); for an image with no point kept, the share of workers who placed none (as box-merge).
 * Worker quality: the share of their points that land in kept clusters, where an answer with no
 * usable point counts once, as a hit when it placed none and nothing was kept.
 */
export const keypointMerge = /* @__PURE__ */ checked<KeypointAnswer, MergedKeypoint[], KeypointOptions>({
  name: 'keypoint-merge',
  kind: 'keypoint',
  description: 'Distance clustering per label, median centre, quorum',
  optionSpecs: keypointOptionSpecs,
  consolidate(records, options = {}) {
    const quorum = options.quorum ?? keypointOptionSpecs.quorum.default;
    const byItem = groupByItem(records, (r) => {
      const marked = r.answer.keypoints ?? [];
      const points = marked.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      return { worker: r.worker, answer: r.answer, points, marked: marked.length, usable: points.length };
    });
    const hits = new Map<string, { hit: number; total: number }>();
    const items: Array<ItemResult<MergedKeypoint[]>> = [];
    for (const [item, answers] of byItem) {
      // An image size that is missing, zero or not finite cannot scale the radius: use 1000 px.
      const size = answers.map((a) => a.answer.imageSize).find((s) => s !== undefined && s.width > 0 && s.height > 0 && Number.isFinite(s.width) && Number.isFinite(s.height));
      const diagonal = size ? Math.hypot(size.width, size.height) : 1000;
      const radius = (options.radius ?? keypointOptionSpecs.radius.default) * diagonal;
      const points = answers.flatMap((a) => a.points.map((p) => ({ worker: a.worker, p })));
      const clusters: Array<{ label: string; members: typeof points; cx: number; cy: number }> = [];
      const index = gridFor(points, radius);
      for (const pt of points) {
        // Nearest cluster within the radius; equal distances go to the later cluster, whatever order the index visits them in.
        let best = -1;
        let bestD = radius;
        // A little slack around the radius, so rounding in x ± radius never hides a point at exactly the radius.
        const reach = radius * (1 + 1e-9) + 1e-9 * (Math.abs(pt.p.x) + Math.abs(pt.p.y));
        const candidates = index ? index.near(pt.p.x - reach, pt.p.y - reach, pt.p.x + reach, pt.p.y + reach) : clusters.length;
        for (let j = 0; j < candidates; j++) {
          const k = index ? (index.found[j] as number) : j;
          const c = clusters[k] as (typeof clusters)[number];
          if (c.label !== pt.p.label || c.members.some((m) => m.worker === pt.worker)) continue;
          const d = Math.hypot(pt.p.x - c.cx, pt.p.y - c.cy);
          if (d < bestD || (d === bestD && k > best)) [best, bestD] = [k, d];
        }
        const c = clusters[best];
        if (!c) {
          best = clusters.push({ label: pt.p.label, members: [pt], cx: pt.p.x, cy: pt.p.y }) - 1;
        } else {
          c.members.push(pt);
          c.cx = median(c.members.map((m) => m.p.x));
          c.cy = median(c.members.map((m) => m.p.y));
        }
        const moved = clusters[best] as (typeof clusters)[number];
        index?.set(best, moved.cx, moved.cy, moved.cx, moved.cy);
      }
      const out: MergedKeypoint[] = [];
      for (const c of clusters) {
        const share = c.members.length / answers.length;
        const kept = share >= quorum - 1e-9;
        for (const m of c.members) countHit(hits, m.worker, kept);
        if (!kept) continue;
        const spread = c.members.reduce((s, m) => s + Math.hypot(m.p.x - c.cx, m.p.y - c.cy), 0) / c.members.length;
        out.push({ label: c.label, x: c.cx, y: c.cy, confidence: Math.min(1, share) * (radius > 0 ? Math.max(0, 1 - spread / radius) : spread === 0 ? 1 : 0), workers: c.members.length });
      }
      out.sort((a, b) => compareIds(a.label, b.label) || a.x - b.x || a.y - b.y);
      countUnmarked(hits, answers, out.length);
      items.push({ item, label: out, confidence: out.length ? out.reduce((s, p) => s + p.confidence, 0) / out.length : shareMarkingNothing(answers), support: answers.length });
    }
    return { items, workers: qualityFromHits(hits) };
  },
});

/** A grid with cells of one radius over an item's points, when it has many and the radius is a positive finite distance; else none (every cluster is a candidate). */
function gridFor(points: ReadonlyArray<{ p: Keypoint }>, radius: number): GridIndex | undefined {
  if (points.length < GRID_FROM || !(radius > 0) || !Number.isFinite(radius)) return undefined;
  const frame = frameOf(
    points.length,
    (i, out) => {
      const { x, y } = (points[i] as { p: Keypoint }).p;
      out.set([x, y, x, y]);
    },
    { width: radius, height: radius },
  );
  return new GridIndex(frame);
}
