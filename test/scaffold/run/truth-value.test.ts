import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import type { ManifestLine } from '../../../scaffold/run/manifest.ts';
import { unusableTruthProblem } from '../../../scaffold/run/simulate.ts';
import { truthOf } from '../../../scaffold/run/truth-value.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const line = (dataObject: Record<string, unknown>): ManifestLine => ({ datasetObjectId: '0', lineNumber: 1, dataObject: { source: 't', ...dataObject } });

describe('truthOf: an earlier output label read back as the truth', () => {
  it('reads the built-in formats gtkit writes back into the truth the task types take', () => {
    // Single label: the class index (number or numeric string) with its class-name.
    expect(truthOf(line({ intent: 1, 'intent-metadata': { 'class-name': 'delivery' } }).dataObject, 'intent')).toBe('delivery');
    expect(truthOf(line({ intent: '0', 'intent-metadata': { 'class-name': 'refund' } }).dataObject, 'intent')).toBe('refund');
    // Multi-label: indices through the class-map.
    expect(truthOf(line({ tags: [2, 0], 'tags-metadata': { 'class-map': { '0': 'red', '2': 'green' } } }).dataObject, 'tags')).toEqual(['green', 'red']);
    // Object detection: class ids through the class-map, the size from image_size.
    const objects = { image_size: [{ width: 800, height: 600, depth: 3 }], annotations: [{ class_id: 1, left: 10, top: 20, width: 30, height: 40 }] };
    expect(truthOf(line({ objects, 'objects-metadata': { 'class-map': { '1': 'car' } } }).dataObject, 'objects')).toEqual({ boxes: [{ label: 'car', left: 10, top: 20, width: 30, height: 40 }], imageSize: { width: 800, height: 600 } });
    // Named entities, and an image tool's answer with its size.
    expect(truthOf(line({ ner: { annotations: { labels: [{ label: 'person' }], entities: [{ label: 'person', startOffset: 0, endOffset: 3 }] } } }).dataObject, 'ner')).toEqual([{ label: 'person', startOffset: 0, endOffset: 3 }]);
    expect(truthOf(line({ points: { keypoints: [], inputImageProperties: { width: 9, height: 8 } } }).dataObject, 'points')).toEqual({ keypoints: [], inputImageProperties: { width: 9, height: 8 }, imageSize: { width: 9, height: 8 } });
  });

  it('keeps a plain truth as written, and a label it cannot read back (a class id the map lacks) too', () => {
    expect(truthOf(line({ truth: 'refund' }).dataObject, 'truth')).toBe('refund');
    expect(truthOf(line({ truth: { boxes: [] } }).dataObject, 'truth')).toEqual({ boxes: [] });
    const objects = { image_size: [{ width: 8, height: 6, depth: 3 }], annotations: [{ class_id: 4, left: 1, top: 2, width: 3, height: 4 }] };
    expect(truthOf(line({ objects, 'objects-metadata': { 'class-map': { '1': 'car' } } }).dataObject, 'objects')).toBe(objects);
    expect(truthOf(line({ intent: 1 }).dataObject, 'intent')).toBe(1);
  });

  it('a usable truth for the run: the unusable-truth problem is not raised for it', () => {
    const objects = { image_size: [{ width: 800, height: 600, depth: 3 }], annotations: [{ class_id: 0, left: 10, top: 20, width: 30, height: 40 }] };
    expect(unusableTruthProblem(getTaskType('bounding-box'), [line({ objects, 'objects-metadata': { 'class-map': { '0': 'car' } } })], ['car'], 'objects')).toBeUndefined();
    expect(unusableTruthProblem(getTaskType('text-classification'), [line({ intent: 1, 'intent-metadata': { 'class-name': 'delivery' } })], ['refund', 'delivery'], 'intent')).toBeUndefined();
  });
});

const temp = useTempRoot('gtkit-truth-value-');

describe('gtkit run --truth-field <an earlier run\'s label attribute>', () => {
  it('simulates from the earlier output label: its boxes come back, with no unusable-truth problem', async () => {
    const dir = join(temp.path, 'boxes');
    await initTask({ dir, type: 'bounding-box' });
    const config = join(dir, 'gtkit.config.ts');
    const first = /labelAttributeName: "([^"]+)"/.exec(await readFile(config, 'utf8'))?.[1] as string;
    await runTask(dir, { simulate: '3', seed: '1', source: true });
    const earlier = (await readFile(join(dir, '.gtkit', 'run', 'output.manifest'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // The second job: the first one's output, without its truth field, under a label attribute of its own.
    await writeFile(join(dir, 'manifest.jsonl'), `${earlier.map(({ truth: _, ...rest }) => JSON.stringify(rest)).join('\n')}\n`);
    await writeFile(config, (await readFile(config, 'utf8')).replace(`labelAttributeName: "${first}"`, 'labelAttributeName: "second-pass"'));
    const { run } = await runTask(dir, { simulate: '3', seed: '1', source: true, truthField: first });
    expect(run.problems).toEqual([]);
    const output = (await readFile(join(dir, '.gtkit', 'run', 'output.manifest'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    output.forEach((l, i) => {
      const was = (earlier[i]?.[first] as { annotations: Array<{ left: number }> }).annotations;
      const now = l['second-pass'].annotations as Array<{ left: number }>;
      expect(now.length).toBeGreaterThan(0);
      // Each box of the second pass is near a box of the first (the workers answered from it, with their noise).
      for (const b of now) expect(Math.min(...was.map((w) => Math.abs(w.left - b.left)))).toBeLessThan(40);
    });
  }, 60_000);
});
