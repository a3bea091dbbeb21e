import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { validConfig } from '../job/fixtures.ts';

let root: string;
let job: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-shape-'));
  job = join(root, 'job');
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const answer = (workerId: string, content: unknown) => ({ workerId, acceptanceTime: '2026-11-23T10:00:00Z', submissionTime: '2026-11-23T10:00:30Z', timeSpentInSeconds: 30, answerContent: content });

/** One worker-response file per object, each answer's `category` as given. */
async function answers(byObject: Record<string, unknown[]>): Promise<void> {
  for (const [id, categories] of Object.entries(byObject)) {
    const dir = join(job, 'annotations', 'worker-response', 'iteration-1', id);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '2026-11-23_10:00:00.json'), JSON.stringify({ answers: categories.map((category, w) => answer(`w${w}`, { category })) }));
  }
}

const multiSelect = { '0': [{ labels: ['a', 'b'] }, { labels: ['a'] }], '1': [{ labels: ['b'] }] };
const singleSelect = { '0': [{ label: 'a' }, { label: 'b' }], '1': [{ label: 'b' }] };
const classAlgorithms = 'majority-vote, weighted-vote, wawa, dawid-skene, dawid-skene-pooled, one-coin-dawid-skene';

describe('gtkit consolidate: answers of the other classification shape than the type takes', () => {
  it('multi-label answers to a single-label algorithm: refused before any work, naming the algorithm, the shape found and what fits', async () => {
    await answers(multiSelect);
    const out = join(root, 'out.manifest');
    await expect(consolidateCommand(job, { type: 'text-classification', algorithm: 'majority-vote', out })).rejects.toThrow(
      new UsageError(
        '--algorithm majority-vote (with --type text-classification) consolidates single-label answers ({"label": "…"}), but the answers are multi-label ({"labels": […]} in "category": all 3 answers; the first from worker "w0" on datasetObjectId 0); for them give --type image-classification-multilabel or text-classification-multilabel (algorithms: multi-label-vote)',
      ),
    );
    // The type's default algorithm is named as such; an answer field given by --field is named as the answers have it.
    await expect(consolidateCommand(job, { type: 'image-classification', out })).rejects.toThrow(/^dawid-skene \(--type image-classification's default algorithm\) consolidates single-label answers/);
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });

  it('single-label answers to a multi-label algorithm: the same, the other way round', async () => {
    await answers(singleSelect);
    await expect(consolidateCommand(job, { type: 'text-classification-multilabel', out: join(root, 'out.manifest') })).rejects.toThrow(
      new UsageError(
        `multi-label-vote (--type text-classification-multilabel's default algorithm) consolidates multi-label answers ({"labels": […]}), but the answers are single-label ({"label": "…"} in "category": all 3 answers; the first from worker "w0" on datasetObjectId 0); for them give --type image-classification or text-classification or video-classification (algorithms: ${classAlgorithms})`,
      ),
    );
  });

  it('names the field the answers have, moved by --field', async () => {
    const dir = join(job, 'annotations', 'worker-response', 'iteration-1', '0');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.json'), JSON.stringify({ answers: [answer('w7', { intent: { labels: ['a'] } })] }));
    await expect(consolidateCommand(job, { type: 'text-classification', field: 'intent', out: join(root, 'out.manifest') })).rejects.toThrow(/but the answers are multi-label \(\{"labels": \[…\]\} in "intent": all 1 answers; the first from worker "w7" on datasetObjectId 0\)/);
  });

  it('answers of both shapes are consolidated: each unfit answer is set aside and named, as before', async () => {
    await answers({ '0': [{ label: 'a' }, { labels: ['a', 'b'] }], '1': [{ label: 'b' }] });
    const summary = await consolidateCommand(job, { type: 'text-classification', labels: 'a,b', algorithm: 'majority-vote', out: join(root, 'out.manifest') });
    expect(summary.failed).toBe(0);
    expect(summary.problems).toEqual([{ stage: 'acs', where: 'datasetObjectId 0', message: expect.stringMatching(/^the answer of w1 was set aside: /) }]);
  });

  it('--task whose type takes the other shape: a problem that says so (its own acs.ts may read them), not a refusal', async () => {
    await answers(multiSelect);
    const task = await makeTaskDir(validConfig({ labels: ['a', 'b'], labelAttributeName: 'label', consolidation: { algorithm: 'majority-vote' } }), {
      'acs.ts': "import { acsHandler } from 'gtkit';\nimport { labelNames } from 'gtkit/config';\nimport { taskConsolidation } from 'gtkit/task-types';\nimport { silentLogger } from 'gtkit/testing';\nimport config from './gtkit.config.ts';\n\nexport const handler = acsHandler({ logger: silentLogger, ...taskConsolidation(config.type, { algorithm: config.consolidation.algorithm, labels: labelNames(config) }) });\n",
    });
    try {
      const out = join(root, 'out.manifest');
      const summary = await consolidateCommand(job, { task: task.dir, out });
      expect(summary.failed).toBe(2);
      // Each object's consolidationError names the mistake too, in the type's parser's words.
      const errors = (await readFile(out, 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { label: { consolidationError: string } }).label.consolidationError);
      expect(errors).toEqual([
        expect.stringContaining('annotations[0–1].annotationData.content: answer.category: expected one label {"label": "…"}, which text-classification takes, got a multi-select answer {"labels": […]}'),
        expect.stringContaining('annotations[0].annotationData.content: answer.category: expected one label {"label": "…"}, which text-classification takes, got a multi-select answer {"labels": […]}'),
      ]);
      expect(summary.problems).toContainEqual({
        stage: 'answers',
        where: `--task ${task.dir}`,
        message:
          "the task's type text-classification (algorithm majority-vote) takes single-label answers ({\"label\": \"…\"}), but the answers are multi-label ({\"labels\": […]} in \"category\": all 3 answers; the first from worker \"w0\" on datasetObjectId 0); unless its acs.ts reads those itself, every object fails: give --task the folder of the task that made this job, or consolidate them with --type image-classification-multilabel or text-classification-multilabel (algorithms: multi-label-vote)",
      });
    } finally {
      await task.cleanup();
    }
  });
});
