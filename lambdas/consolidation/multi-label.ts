import { commonOptions } from './options.ts';
import type { ItemResult, SpecsFor } from './types.ts';
import { workerQualities } from './tallies.ts';
import { getOwn, setOwn } from '../contracts/own-property.ts';
import { checked } from './checked.ts';
import { listText } from '../contracts/list-text.ts';
import { zeroWeightReason } from './classification/results.ts';
import { groupByItem } from './group-by-item.ts';

export interface MultiLabelOptions {
  /** Known labels (order of the output); answers' other labels are ignored. Default: all seen, sorted. */
  labels?: readonly string[];
  /** A label is chosen when its (weighted) share of the item's workers is above this (default 0.5). */
  threshold?: number;
  /** A share exactly at the threshold: `'include'` (default) or `'exclude'` the label. */
  ties?: 'include' | 'exclude';
  /** Per-worker weights; unlisted workers weigh 1. */
  weights?: Record<string, number>;
}

const multiLabelOptionSpecs = {
  labels: commonOptions.labels,
  threshold: { kind: 'number', min: 0, max: 1, default: 0.5, what: "the share of the item's workers a label needs" },
  ties: { kind: 'choice', values: ['include', 'exclude'], default: 'include', what: 'what a share exactly at the threshold does' },
  weights: commonOptions.weights,
} as const satisfies SpecsFor<MultiLabelOptions>;

/**
 * Per-label vote for multi-label answers (each answer is the list of chosen labels, a
 * multi-select's `labels`). Each label is decided on its own: the weighted share of the item's
 * workers who selected it, against `threshold` (0.5), with an explicit tie policy. Posteriors are
 * those shares; the item's confidence is the mean certainty max(p, 1 − p) over all labels (1 when
 * there is no label to decide). An item whose answers all weigh 0 gets `label: null` and a reason;
 * so does one whose answers hold only labels outside `labels` (support 0). Worker quality: mean
 * Jaccard agreement with the result over the items it was decided on (0 for a worker with none).
 */
export const multiLabelVote = /* @__PURE__ */ checked<string[], string[], MultiLabelOptions>({
  name: 'multi-label-vote',
  kind: 'multi-label',
  description: 'Per-label weighted vote with a threshold and an explicit tie policy',
  optionSpecs: multiLabelOptionSpecs,
  consolidate(records, options = {}) {
    const threshold = options.threshold ?? multiLabelOptionSpecs.threshold.default;
    const labels = options.labels ? [...options.labels] : [...new Set(records.flatMap((r) => r.answer))].sort();
    const known = new Set(labels);
    const byItem = groupByItem(records, (r) => {
      const answer = new Set(r.answer.filter((l) => known.has(l)));
      return { worker: r.worker, weight: Math.max(0, getOwn(options.weights, r.worker) ?? 1), answer, unknown: r.answer.length - answer.size };
    });
    const items: Array<ItemResult<string[]>> = [];
    const chosenBy = new Map<string, Set<string>>();
    // Items where no answer counted: their answers say nothing about a worker either.
    const noKnownLabel = new Set<string>();
    for (const [item, answers] of byItem) {
      // Every label given is outside the known ones: that is no answer, not a confident "none",
      // and none of the answers counts (support 0, as in the single-label algorithms).
      if (answers.every((a) => a.answer.size === 0) && answers.some((a) => a.unknown > 0)) {
        noKnownLabel.add(item);
        items.push({ item, label: null, confidence: 0, support: 0, reason: `no answer with a known label (known: ${listText(labels, 10)})` });
        continue;
      }
      let total = 0;
      for (const a of answers) total += a.weight;
      // Nobody's answer counts: that decides nothing, and is not a confident "none of them".
      if (total === 0) {
        chosenBy.set(item, new Set());
        items.push({ item, label: null, confidence: 0, support: answers.length, reason: zeroWeightReason });
        continue;
      }
      const posteriors: Record<string, number> = {};
      const label: string[] = [];
      let certainty = 0;
      for (const l of labels) {
        let mass = 0;
        for (const a of answers) if (a.answer.has(l)) mass += a.weight;
        const p = total > 0 ? mass / total : 0;
        setOwn(posteriors, l, p);
        certainty += Math.max(p, 1 - p);
        const tie = Math.abs(p - threshold) < 1e-12;
        if (p > threshold + 1e-12 || (tie && (options.ties ?? multiLabelOptionSpecs.ties.default) === 'include' && p > 0)) label.push(l);
      }
      chosenBy.set(item, new Set(label));
      // No label at all (none known, none chosen): every worker agreed on "none of them".
      items.push({ item, label, confidence: labels.length > 0 ? certainty / labels.length : 1, posteriors, support: answers.length });
    }
    // Every worker is listed; one whose every answer was on such an item has quality 0.
    const agreement = new Map<string, { sum: number; n: number }>(records.map((r) => [r.worker, { sum: 0, n: 0 }]));
    for (const r of records) {
      if (noKnownLabel.has(r.item)) continue;
      const chosen = chosenBy.get(r.item) ?? new Set<string>();
      const mine = new Set(r.answer.filter((l) => known.has(l)));
      const union = new Set([...chosen, ...mine]);
      let inter = 0;
      for (const l of mine) if (chosen.has(l)) inter++;
      const a = agreement.get(r.worker) as { sum: number; n: number };
      a.sum += union.size === 0 ? 1 : inter / union.size;
      a.n++;
    }
    return { items, workers: workerQualities(agreement, (a) => ({ quality: a.n > 0 ? a.sum / a.n : 0, answers: a.n })) };
  },
});
