import { commonOptions } from './options.ts';
import { frameOf, GRID_FROM, GridIndex } from './geometry/grid-index.ts';
import { countHit, qualityFromHits, type ItemResult, type SpecsFor } from './types.ts';
import { countUnmarked, shareMarkingNothing } from './tallies.ts';
import { checked } from './checked.ts';
import { compareIds } from './order.ts';
import { groupByItem } from './group-by-item.ts';

export interface Span {
  label: string;
  startOffset: number;
  endOffset: number;
}
export interface SpanAnswer {
  entities: Span[];
}
export interface MergedSpan extends Span {
  confidence: number;
  workers: number;
}

export interface SpanOptions {
  /** Spans whose character Jaccard with a cluster's span is at least this join it (default 0.5). */
  similarity?: number;
  quorum?: number;
  labels?: readonly string[];
}

const jaccard = (a: Span, b: Span) => {
  const inter = Math.min(a.endOffset, b.endOffset) - Math.max(a.startOffset, b.startOffset);
  if (inter <= 0) return 0;
  return inter / (Math.max(a.endOffset, b.endOffset) - Math.min(a.startOffset, b.startOffset));
};

/** The most frequent value; no clear mode (a tie) falls back to the median, as AWS describes. */
function modeOrMedian(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (sorted.length === 1 || (sorted[0]?.[1] ?? 0) > (sorted[1]?.[1] ?? 0)) return sorted[0]?.[0] ?? 0;
  const s = [...values].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1] ?? 0;
}

const spanOptionSpecs = {
  similarity: { kind: 'number', min: 0, max: 1, default: 0.5, what: 'the least character Jaccard for a span to join a cluster' },
  quorum: commonOptions.quorum,
  labels: commonOptions.labels,
} as const satisfies SpecsFor<SpanOptions>;

/**
 * Named-entity spans, as AWS describes its NER consolidation: overlapping spans are clustered by
 * character Jaccard similarity (one span per worker per cluster), boundaries are the mode of the
 * workers' offsets (the lower median when there is no clear mode), the label is the most
 * assigned one (ties to the first label in order, not to chance), and a span is kept when a
 * quorum of workers marked it. Confidence: support share × label agreement; for a document with
 * no span kept, the share of workers who marked nothing (as box-merge). Worker quality: the share
 * of their spans in kept clusters, where an answer with no usable span counts once, as a hit when
 * it marked nothing and nothing was kept.
 */
export const spanVote = /* @__PURE__ */ checked<SpanAnswer, MergedSpan[], SpanOptions>({
  name: 'span-vote',
  kind: 'span',
  description: 'Jaccard clustering of spans, mode/median boundaries, label vote, quorum',
  optionSpecs: spanOptionSpecs,
  consolidate(records, options = {}) {
    const threshold = options.similarity ?? spanOptionSpecs.similarity.default;
    const quorum = options.quorum ?? spanOptionSpecs.quorum.default;
    const byItem = groupByItem(records, (r) => {
      const marked = r.answer?.entities ?? [];
      const spans = marked.filter((e) => Number.isInteger(e.startOffset) && Number.isInteger(e.endOffset) && e.endOffset > e.startOffset);
      return { worker: r.worker, spans, marked: marked.length, usable: spans.length };
    });
    const rank = (l: string) => {
      const i = options.labels?.indexOf(l) ?? -1;
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const hits = new Map<string, { hit: number; total: number }>();
    const items: Array<ItemResult<MergedSpan[]>> = [];
    for (const [item, answers] of byItem) {
      const clusters: Array<{ members: Array<{ worker: string; span: Span }>; rep: Span }> = [];
      const index = gridFor(answers, threshold);
      for (const a of answers)
        for (const span of a.spans) {
          // Most similar cluster; equal similarities go to the later cluster, whatever order the index visits them in.
          let best = -1;
          let bestSim = threshold;
          const candidates = index ? index.near(span.startOffset, 0, span.endOffset, 0) : clusters.length;
          for (let j = 0; j < candidates; j++) {
            const k = index ? (index.found[j] as number) : j;
            const c = clusters[k] as (typeof clusters)[number];
            if (c.members.some((m) => m.worker === a.worker)) continue;
            const s = jaccard(span, c.rep);
            if (s > bestSim || (s === bestSim && k > best)) [best, bestSim] = [k, s];
          }
          const c = clusters[best];
          if (!c) best = clusters.push({ members: [{ worker: a.worker, span }], rep: span }) - 1;
          else {
            c.members.push({ worker: a.worker, span });
            c.rep = { label: span.label, startOffset: modeOrMedian(c.members.map((m) => m.span.startOffset)), endOffset: modeOrMedian(c.members.map((m) => m.span.endOffset)) };
          }
          const rep = (clusters[best] as (typeof clusters)[number]).rep;
          index?.set(best, rep.startOffset, 0, rep.endOffset, 0);
        }
      const out: MergedSpan[] = [];
      for (const c of clusters) {
        const share = c.members.length / answers.length;
        const kept = share >= quorum - 1e-9 && c.rep.endOffset > c.rep.startOffset;
        for (const m of c.members) countHit(hits, m.worker, kept);
        if (!kept) continue;
        const votes = new Map<string, number>();
        for (const m of c.members) votes.set(m.span.label, (votes.get(m.span.label) ?? 0) + 1);
        const [label, n] = [...votes].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]) || compareIds(a[0], b[0]))[0] ?? ['', 0];
        out.push({ label, startOffset: c.rep.startOffset, endOffset: c.rep.endOffset, confidence: Math.min(1, share) * (n / c.members.length), workers: c.members.length });
      }
      out.sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
      countUnmarked(hits, answers, out.length);
      items.push({ item, label: out, confidence: out.length ? out.reduce((s, e) => s + e.confidence, 0) / out.length : shareMarkingNothing(answers), support: answers.length });
    }
    return { items, workers: qualityFromHits(hits) };
  },
});

/**
 * A one-dimensional grid over a document's spans, cells about one typical span long, when it has
 * many spans and only overlapping spans can join (similarity > 0); else none (every cluster is a
 * candidate).
 */
function gridFor(answers: ReadonlyArray<{ spans: Span[] }>, threshold: number): GridIndex | undefined {
  const spans = answers.flatMap((a) => a.spans);
  if (spans.length < GRID_FROM || !(threshold > 0)) return undefined;
  const frame = frameOf(spans.length, (i, out) => {
    const s = spans[i] as Span;
    out.set([s.startOffset, 0, s.endOffset, 0]);
  });
  return new GridIndex(frame);
}
