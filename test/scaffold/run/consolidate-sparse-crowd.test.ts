import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparseCrowdJob } from '../../../bench/calibration.bench.ts';
import { LocalObjectStore } from '../../../lambdas/io/local-store.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { crowdSparsity, sparseCrowdWarning } from '../../../scaffold/consolidate/sparse-crowd.ts';
import type { CapturedAnswer } from '../../../scaffold/run/answers-file.ts';
import { jobOutputLayout } from '../../../scaffold/run/layout.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { validConfig } from '../job/fixtures.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-sparse-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

const field = getTaskType('text-classification').answerField;
const answer = (worker: string, id: string, label: string): CapturedAnswer => ({ workerId: worker, datasetObjectId: id, acceptanceTime: '2026-11-23T10:00:00Z', submissionTime: '2026-11-23T10:00:30Z', timeSpentInSeconds: 30, answerContent: { [field]: { label } } });

/** A finished job's folder holding `records` (one worker-response file per object), under `name`. */
async function jobFolder(name: string, records: ReadonlyArray<{ item: string; worker: string; answer: string }>): Promise<string> {
  const s3Root = join(root, name);
  const store = new LocalObjectStore(s3Root);
  const layout = jobOutputLayout('s3://bucket/output', 'job');
  const byItem = new Map<string, CapturedAnswer[]>();
  for (const r of records) byItem.set(r.item, [...(byItem.get(r.item) ?? []), answer(r.worker, r.item, r.answer)]);
  for (const [id, answers] of byItem) await store.putText(layout.workerResponse(id, '2026-11-23_10:00:00'), JSON.stringify({ answers }));
  return join(s3Root, 'bucket', 'output', 'job');
}

/** The bench's simulated sparse crowd (64 % of the answers from workers with 1–3), where dawid-skene labels below a vote. */
const sparse = sparseCrowdJob(17);
/** Twelve objects, three workers who answered all of them: a crowd Dawid–Skene fits well. */
const dense = Array.from({ length: 12 }, (_, i) => ['w0', 'w1', 'w2'].map((worker) => ({ item: String(i), worker, answer: i % 3 === 0 ? 'b' : 'a' }))).flat();
const where = (summary: { warnings: Array<{ where: string; message: string }> }) => summary.warnings.filter((w) => /answered 3 objects or fewer/.test(w.message));

describe('gtkit consolidate warns against dawid-skene on a sparse crowd', () => {
  let sparseFolder: string;
  let denseFolder: string;
  beforeAll(async () => {
    sparseFolder = await jobFolder('sparse', sparse.records);
    denseFolder = await jobFolder('dense', dense);
  });

  it('counts each worker\'s objects over the whole job: the sparse crowd is past the 25 % mark; a job of 3 objects, or of one answer per object, is not judged', () => {
    const byItem = new Map<string, CapturedAnswer[]>();
    for (const r of sparse.records) byItem.set(r.item, [...(byItem.get(r.item) ?? []), answer(r.worker, r.item, r.answer)]);
    expect(crowdSparsity(byItem)).toEqual({ objects: 600, sharedObjects: 600, answers: 1800, workers: 803, sparseWorkers: 799, sparseAnswers: 1145 });
    // x's four answers make it no sparse worker; y's one answer makes it one.
    const edge = new Map([['0', [answer('x', '0', 'a'), answer('y', '0', 'a')]], ['1', [answer('x', '1', 'a')]], ['2', [answer('x', '2', 'a')]], ['3', [answer('x', '3', 'a')]]]);
    expect(crowdSparsity(edge)).toEqual({ objects: 4, sharedObjects: 1, answers: 5, workers: 2, sparseWorkers: 1, sparseAnswers: 1 });
    expect(sparseCrowdWarning('dawid-skene', { flag: 'algorithm' }, edge)).toBeUndefined();
    // One in four answers from a sparse worker is the mark itself: x answers 4 objects, v 5, y 3 (3 of 12 answers).
    const crowdOf = (objects: Record<string, number>) => {
      const byId = new Map<string, CapturedAnswer[]>();
      for (const [worker, n] of Object.entries(objects)) for (let i = 0; i < n; i++) byId.set(String(i), [...(byId.get(String(i)) ?? []), answer(worker, String(i), 'a')]);
      return byId;
    };
    expect(crowdSparsity(crowdOf({ x: 4, v: 5, y: 3 }))).toEqual({ objects: 5, sharedObjects: 4, answers: 12, workers: 3, sparseWorkers: 1, sparseAnswers: 3 });
    expect(sparseCrowdWarning('dawid-skene', { flag: 'algorithm' }, crowdOf({ x: 4, v: 5, y: 3 }))).toBeDefined();
    expect(sparseCrowdWarning('dawid-skene', { flag: 'algorithm' }, crowdOf({ x: 4, v: 6, y: 3 }))).toBeUndefined();
    expect(sparseCrowdWarning('dawid-skene-pooled', { flag: 'algorithm' }, crowdOf({ x: 4, v: 5, y: 3 }))).toBeUndefined();
    // A job of 3 objects or fewer makes every worker one of few answers whatever the crowd; with no object answered twice, the labels are the answers.
    expect(sparseCrowdWarning('dawid-skene', { flag: 'algorithm' }, crowdOf({ x: 3, y: 3, z: 1 }))).toBeUndefined();
    const alone = new Map(Array.from({ length: 10 }, (_, i) => [String(i), [answer(`lone${i}`, String(i), 'a')]]));
    expect(crowdSparsity(alone)).toMatchObject({ objects: 10, sharedObjects: 0, sparseAnswers: 10 });
    expect(sparseCrowdWarning('dawid-skene', { flag: 'algorithm' }, alone)).toBeUndefined();
  });

  it('with --algorithm dawid-skene: one structured warning naming the share, the reason and the algorithms to use instead', async () => {
    const summary = await consolidateCommand(sparseFolder, { type: 'text-classification', algorithm: 'dawid-skene', labels: 'a,b,c', out: join(root, 'ds.manifest'), json: true });
    // The seeded job's figures: 1145 of its 1800 answers from 799 of its 803 workers (4 dense ones).
    expect(where(summary)).toEqual([
      {
        stage: 'acs',
        where: '--algorithm dawid-skene',
        message: '64 % of the 1800 answers come from the 799 of 803 workers who answered 3 objects or fewer; Dawid–Skene cannot fit a confusion matrix to so few answers, and on such a crowd it labels less well than a vote (on simulated sparse crowds 0.795 of the objects right, against 0.858 for majority-vote and dawid-skene-pooled); re-run with --algorithm dawid-skene-pooled or --algorithm majority-vote',
        severity: 'warning',
      },
    ]);
    // Said, not counted: --strict passes on it, and the labels are written as asked.
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ ok: true, objects: 600, failed: 0 });
  });

  it('with --type whose default is dawid-skene, says it is the default; the variants and a vote are not warned against', async () => {
    const byDefault = await consolidateCommand(sparseFolder, { type: 'text-classification', labels: 'a,b,c', out: join(root, 'default.manifest') });
    expect(where(byDefault).map((w) => w.where)).toEqual(['--type text-classification']);
    expect(where(byDefault)[0]?.message).toMatch(/^its default algorithm is dawid-skene: 6\d % of the 1800 answers .*; re-run with --algorithm dawid-skene-pooled or --algorithm majority-vote$/);
    for (const algorithm of ['dawid-skene-pooled', 'one-coin-dawid-skene', 'majority-vote']) {
      const summary = await consolidateCommand(sparseFolder, { type: 'text-classification', algorithm, labels: 'a,b,c', out: join(root, `${algorithm}.manifest`) });
      expect(where(summary)).toEqual([]);
    }
  });

  it('is silent on a crowd whose workers answered many objects each', async () => {
    const summary = await consolidateCommand(denseFolder, { type: 'text-classification', algorithm: 'dawid-skene', labels: 'a,b', out: join(root, 'dense.manifest') });
    expect(summary.warnings).toEqual([]);
  });

  it('with --task whose config consolidates with dawid-skene: names the config setting to change', async () => {
    const task = await makeTaskDir(validConfig({ labels: ['a', 'b', 'c'], labelAttributeName: 'label', consolidation: { algorithm: 'dawid-skene' } }), {
      'acs.ts': "import { acsHandler } from 'gtkit';\nimport { labelNames } from 'gtkit/config';\nimport { taskConsolidation } from 'gtkit/task-types';\nimport config from './gtkit.config.ts';\n\nexport const handler = acsHandler(taskConsolidation(config.type, { algorithm: config.consolidation.algorithm, labels: labelNames(config) }));\n",
    });
    try {
      const summary = await consolidateCommand(sparseFolder, { task: task.dir, out: join(root, 'task.manifest') });
      const [said] = where(summary);
      expect(said?.where).toBe(`--task ${task.dir}`);
      expect(said?.message).toMatch(/^the task config's consolidation\.algorithm is dawid-skene: 6\d % of the 1800 answers .*; set consolidation\.algorithm to "dawid-skene-pooled" or "majority-vote" in the task config \(the job's ACS uses it too\), or compare here with --type text-classification --algorithm dawid-skene-pooled$/);
    } finally {
      await task.cleanup();
    }
  });
});
