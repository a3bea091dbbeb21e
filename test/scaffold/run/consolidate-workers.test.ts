import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { boxMerge, spanVote, type AnswerRecord, type BoxAnswer, type SpanAnswer } from '../../../lambdas/consolidation/index.ts';
import { workerQualityMeasures } from '../../../lambdas/consolidation/quality-measures.ts';

// --workers reads the ACS's own algorithm result, so it serves every kind of answer: these runs go
// through the real command and check each row against the library run on the same answers.

let root: string;
let job: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-workers-'));
  job = join(root, 'output', 'geometry-job-1');
});
afterEach(async () => rm(root, { recursive: true, force: true }));

async function response(id: string, answers: Array<{ workerId: string; answerContent: unknown }>): Promise<void> {
  const dir = join(job, 'annotations', 'worker-response', 'iteration-1', id);
  await mkdir(dir, { recursive: true });
  const full = answers.map((a) => ({ ...a, acceptanceTime: '2026-11-23T10:00:00Z', submissionTime: '2026-11-23T10:00:30Z', timeSpentInSeconds: 30 }));
  await writeFile(join(dir, '2026-11-23_10:00:00.json'), JSON.stringify({ answers: full }));
}

const readRows = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { worker: string; quality: number; answers: number; algorithm: string; measures: string });

describe('gtkit consolidate --workers for answers that are not labels', () => {
  it('bounding boxes: box-merge\'s quality per worker (F1 × IoU), its boxes counted; the careless worker ranks last', async () => {
    const size = { width: 400, height: 300 };
    const records: Array<AnswerRecord<BoxAnswer>> = [];
    for (let i = 0; i < 6; i++) {
      const drawn = [
        // w0 and w1 box the car alike; w2 boxes it far off, and adds a box nobody else drew.
        [{ label: 'car', left: 50 + i, top: 40, width: 100, height: 60 }],
        [{ label: 'car', left: 54 + i, top: 42, width: 98, height: 60 }],
        [{ label: 'car', left: 200, top: 150, width: 60, height: 40 }, ...(i % 2 ? [{ label: 'car', left: 10, top: 10, width: 20, height: 20 }] : [])],
      ];
      await response(String(i), drawn.map((boxes, w) => ({ workerId: `w${w}`, answerContent: { annotatedResult: { boundingBoxes: boxes, inputImageProperties: size } } })));
      drawn.forEach((boxes, w) => records.push({ item: String(i), worker: `w${w}`, answer: { boxes, imageSize: size } }));
    }
    const workers = join(root, 'box-workers.jsonl');
    const summary = await consolidateCommand(job, { type: 'bounding-box', labels: 'car', out: join(root, 'boxes.manifest'), workers });
    const rows = await readRows(workers);
    const library = boxMerge.consolidate(records, { labels: ['car'] }).workers;
    expect(rows.map((r) => [r.worker, r.quality, r.answers])).toEqual(library.map((w) => [w.worker, w.quality, w.answers]));
    // Boxes drawn: 6 each for w0 and w1, 6 + 3 for w2.
    expect(rows.map((r) => r.answers)).toEqual([6, 6, 9]);
    expect(rows[2]?.quality).toBeLessThan(Math.min(rows[0]?.quality ?? 0, rows[1]?.quality ?? 0));
    expect(rows[0]?.quality).toBeGreaterThan(0.8);
    expect(rows.every((r) => r.algorithm === 'box-merge' && r.measures === workerQualityMeasures['box-merge'])).toBe(true);
    expect(summary.workersFile).toEqual({ file: expect.stringContaining('box-workers.jsonl'), workers: 3 });
  });

  it('bounding boxes over several batches: each worker\'s quality is the box-weighted mean over batches, as the carried state holds it, not the last batch\'s', async () => {
    const size = { width: 400, height: 300 };
    for (let i = 0; i < 6; i++) {
      // w1 boxes well on the first four images and carelessly on the last two (the last batch of 2).
      const drawn = [
        [{ label: 'car', left: 50, top: 40, width: 100, height: 60 }],
        [{ label: 'car', left: i < 4 ? 52 : 120, top: 41, width: 100, height: 60 }],
        [{ label: 'car', left: 48, top: 39, width: 102, height: 61 }],
      ];
      await response(String(i), drawn.map((boxes, w) => ({ workerId: `w${w}`, answerContent: { annotatedResult: { boundingBoxes: boxes, inputImageProperties: size } } })));
    }
    const workers = join(root, 'batched-workers.jsonl');
    const stateOut = join(root, 'state.json');
    await consolidateCommand(job, { type: 'bounding-box', labels: 'car', out: join(root, 'b.manifest'), workers, stateOut, batchSize: '2' });
    const rows = await readRows(workers);
    const state = JSON.parse(await readFile(stateOut, 'utf8')) as { workers: Record<string, { quality: number; boxes: number }> };
    expect(rows.map((r) => r.worker)).toEqual(Object.keys(state.workers));
    for (const r of rows) {
      expect(r.answers).toBe(state.workers[r.worker]?.boxes);
      expect(r.quality).toBeCloseTo(state.workers[r.worker]?.quality ?? NaN, 12);
    }
    // The last batch alone would put w1 far below the others; over the run its four good images count too.
    const lastBatch = boxMerge.consolidate(['4', '5'].flatMap((item) => ['w0', 'w1', 'w2'].map((worker, w) => ({ item, worker, answer: { boxes: [{ label: 'car', left: [50, 120, 48][w] as number, top: 40, width: 100, height: 60 }], imageSize: size } }))), { labels: ['car'] });
    expect(rows[1]?.quality).toBeGreaterThan((lastBatch.workers[1]?.quality ?? 1) + 0.2);
  });

  it('named-entity spans: span-vote\'s share of each worker\'s spans kept, averaged over batches by answers', async () => {
    const records: Array<AnswerRecord<SpanAnswer>> = [];
    for (let i = 0; i < 5; i++) {
      const marked = [
        [{ label: 'PER', startOffset: 0, endOffset: 5 }, { label: 'ORG', startOffset: 10, endOffset: 16 }],
        [{ label: 'PER', startOffset: 0, endOffset: 5 }, ...(i < 3 ? [{ label: 'ORG', startOffset: 10, endOffset: 16 }] : [])],
        // w2 marks a span nobody else does on every document, and the person on the first two only.
        [{ label: 'ORG', startOffset: 30, endOffset: 35 }, ...(i < 2 ? [{ label: 'PER', startOffset: 0, endOffset: 5 }] : [])],
      ];
      await response(String(i), marked.map((entities, w) => ({ workerId: `w${w}`, answerContent: { 'crowd-entity-annotation': { entities } } })));
      marked.forEach((entities, w) => records.push({ item: String(i), worker: `w${w}`, answer: { entities } }));
    }
    const workers = join(root, 'span-workers.jsonl');
    // Batches of 2: span-vote carries nothing, so each worker's row is the answer-weighted mean over batches, the whole job's share.
    await consolidateCommand(job, { type: 'named-entity', labels: 'PER,ORG', out: join(root, 'spans.manifest'), workers, batchSize: '2' });
    const rows = await readRows(workers);
    const library = spanVote.consolidate(records, { labels: ['PER', 'ORG'] }).workers;
    expect(rows.map((r) => r.worker)).toEqual(['w0', 'w1', 'w2']);
    rows.forEach((r, k) => {
      expect(r.answers).toBe(library[k]?.answers);
      expect(r.quality).toBeCloseTo(library[k]?.quality ?? NaN, 12);
    });
    // w0: 8 of 10 kept (its ORG on the last two documents, which only it marked, falls short of the quorum); w1: 8 of 8; w2: 2 of 7 (the person twice, the lone span never).
    expect(rows.map((r) => [r.answers, r.quality])).toEqual([[10, 0.8], [8, 1], [7, expect.closeTo(2 / 7, 12)]]);
    expect(rows[0]).toMatchObject({ algorithm: 'span-vote', measures: workerQualityMeasures['span-vote'] });
  });
});
