import { labelNames, type LabelDefinition } from '../config/define-task.ts';

/**
 * Which given label each sample label's truths become when `gtkit init --labels` replaces the
 * sample's labels: a sample label that is among the given ones stays itself, and the others take
 * the given labels in turn (cycling when the sample has more). Truths then name only labels the
 * task has, so the simulated workers read them instead of answering at random, and the sample
 * answers made from them name no label the consolidation would set aside.
 *
 * @example
 * labelMapping(['refund', 'delivery', 'other'], ['spam', 'ham']) // refund → spam, delivery → ham, other → spam
 */
export function labelMapping(sampleLabels: ReadonlyArray<string | LabelDefinition>, givenLabels: ReadonlyArray<string | LabelDefinition>): ReadonlyMap<string, string> {
  const sample = labelNames({ labels: sampleLabels });
  const given = labelNames({ labels: givenLabels });
  const givenSet = new Set(given);
  const mapping = new Map<string, string>();
  if (given.length === 0) return mapping;
  let next = 0;
  for (const label of sample) mapping.set(label, givenSet.has(label) ? label : (given[next++ % given.length] as string));
  return mapping;
}

/**
 * A manifest line with its `truth` on the mapped labels: a label string (single label), a list of
 * them (multi-label), or the `label` of each mark in a list or under `{ boxes | keypoints |
 * polygons: [...] }`. Other strings (a free-text truth, an image size) are left as they are.
 */
export function withMappedTruth(line: Record<string, unknown>, mapping: ReadonlyMap<string, string>): Record<string, unknown> {
  if (mapping.size === 0 || !Object.hasOwn(line, 'truth')) return line;
  return { ...line, truth: mapTruth(line.truth, mapping) };
}

function mapTruth(truth: unknown, mapping: ReadonlyMap<string, string>): unknown {
  if (typeof truth === 'string') return mapping.get(truth) ?? truth;
  if (Array.isArray(truth)) return truth.map((t) => mapTruth(t, mapping));
  if (truth === null || typeof truth !== 'object') return truth;
  // A mark's own `label`; inside it, only lists (of marks) are followed, never other strings.
  return Object.fromEntries(
    Object.entries(truth).map(([key, value]) => [key, key === 'label' && typeof value === 'string' ? (mapping.get(value) ?? value) : Array.isArray(value) ? value.map((v) => mapTruth(v, mapping)) : value]),
  );
}
