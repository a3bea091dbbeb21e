import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { labelMapping, withMappedTruth } from '../../../scaffold/init/sample-truth.ts';
import { sampleData } from '../../../scaffold/init/samples.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-given-labels-');

/** Every `label` named in a truth: the truth itself, its list, or its marks' labels. */
function truthLabels(truth: unknown): string[] {
  if (typeof truth === 'string') return [truth];
  if (Array.isArray(truth)) return truth.flatMap(truthLabels);
  if (truth === null || typeof truth !== 'object') return [];
  return Object.entries(truth).flatMap(([key, value]) => (key === 'label' && typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(truthLabels) : []));
}

// Free text has no labels to give.
const labelledTypes = taskTypeNames.filter((type) => sampleData(type).labels.length > 0);

describe.each(labelledTypes)('gtkit init --type %s --labels spam,ham', (type) => {
  it('moves the sample truths onto the given labels, so the suggested simulated run and the sample answers report no problem', async () => {
    const dir = join(temp.path, type);
    await initTask({ dir, type, labels: ['spam', 'ham'] });
    const lines = (await readFile(join(dir, 'manifest.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(lines.flatMap((l) => truthLabels(l.truth)))).toEqual(new Set(['spam', 'ham']));
    const simulated = await runTask(dir, { simulate: '5', now: '2026-11-23T00:00:00Z' });
    expect(simulated.run.problems).toEqual([]);
    const fromSamples = await runTask(dir, { now: '2026-11-23T00:00:00Z' });
    expect(fromSamples.run.problems).toEqual([]);
    expect(fromSamples.run.summary.counts.answersSetAside).toBe(0);
  });
});

describe('labelMapping', () => {
  it('keeps a sample label that is given, and gives the others the given labels in turn', () => {
    expect([...labelMapping(['refund', 'delivery', 'other'], ['spam', 'ham'])]).toEqual([
      ['refund', 'spam'],
      ['delivery', 'ham'],
      ['other', 'spam'],
    ]);
    expect([...labelMapping(['refund', 'delivery', 'other'], ['other', 'refund'])]).toEqual([
      ['refund', 'refund'],
      ['delivery', 'other'],
      ['other', 'other'],
    ]);
    expect([...labelMapping([{ label: 'person', shortDisplayName: 'per' }], [{ label: 'who' }])]).toEqual([['person', 'who']]);
  });

  it('maps only labels: a free-text truth, image sizes and coordinates stay as they are', () => {
    const mapping = labelMapping(['vehicle'], ['car']);
    const box = { imageSize: { width: 640, height: 480 }, boxes: [{ label: 'vehicle', left: 1, top: 2, width: 3, height: 4 }] };
    expect(withMappedTruth({ 'source-ref': 's3://b/vehicle', truth: box }, mapping)).toEqual({ 'source-ref': 's3://b/vehicle', truth: { ...box, boxes: [{ ...box.boxes[0], label: 'car' }] } });
    expect(withMappedTruth({ source: 'x', truth: 'Total due: vehicle' }, mapping)).toEqual({ source: 'x', truth: 'Total due: vehicle' });
    expect(withMappedTruth({ source: 'x' }, mapping)).toEqual({ source: 'x' });
  });
});
