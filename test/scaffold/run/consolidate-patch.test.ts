import { readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { batchesOf } from '../../../scaffold/consolidate/batching.ts';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { silentLogger } from '../../../lambdas/handlers/logger.ts';
import { LocalObjectStore } from '../../../lambdas/io/local-store.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import type { JsonObject } from '../../../lambdas/contracts/check.ts';
import { consolidateBatch, type BatchJob } from '../../../scaffold/run/consolidate-batches.ts';
import { jobOutputLayout } from '../../../scaffold/run/layout.ts';
import { withEnv } from '../../../scaffold/task/with-env.ts';
import { escapeRegExp } from '../../../templates/engine/reg-exp.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { validConfig } from '../job/fixtures.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-patch-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const field = getTaskType('text-classification').answerField;
const flip = (l: string) => (l === 'a' ? 'b' : 'a');
/** Twelve objects, three workers: w0 right on all, w1 on 9, w2 on 5 (a pattern, so Dawid–Skene's estimates depend on what it saw before). */
const truth = ['a', 'b', 'b', 'a', 'a', 'b', 'a', 'b', 'b', 'a', 'b', 'a'];
const given = (i: number): string[] => {
  const t = truth[i] as string;
  return [i === 4 ? flip(t) : t, i % 4 === 3 ? flip(t) : t, i % 2 === 0 ? t : flip(t)];
};
/** The job's own batches, as Ground Truth makes them: not ranges of ids. */
const jobBatches = [['7', '2', '9', '0'], ['11', '4', '1'], ['3', '8', '5', '10', '6']];

/**
 * Runs a job as Ground Truth would, on a local folder laid out like its S3 output: the worker
 * responses, then the ACS (Dawid–Skene, the state carried under annotations/gtkit-state/) on each
 * of the job's batches, whose consolidation requests stay under the job's annotations. Returns
 * the job folder and each object's delivered label content.
 */
async function runJob(): Promise<{ folder: string; delivered: Map<string, JsonObject> }> {
  const s3Root = join(root, 's3');
  const store = new LocalObjectStore(s3Root);
  const layout = jobOutputLayout('s3://bucket/output', 'job');
  const answers = (i: number) => given(i).map((label, w) => ({ workerId: `w${w}`, datasetObjectId: String(i), acceptanceTime: '2026-11-23T10:00:00Z', submissionTime: '2026-11-23T10:00:30Z', timeSpentInSeconds: 30, answerContent: { [field]: { label } } }));
  for (let i = 0; i < truth.length; i++) await store.putText(layout.workerResponse(String(i), '2026-11-23_10:00:00'), JSON.stringify({ answers: answers(i) }));
  const acs = acsHandler({ logger: silentLogger, ...taskConsolidation('text-classification', { algorithm: 'dawid-skene', labels: ['a', 'b'] }) });
  const job: BatchJob = { labelAttributeName: 'label', labelingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:labeling-job/job', roleArn: 'arn:aws:iam::123456789012:role/r', labels: ['a', 'b'], workersPerObject: 3, acsFunctionName: 'acs', acs: acs as BatchJob['acs'], store, layout, stamp: '2026-11-23_11:00:00' };
  const delivered = new Map<string, JsonObject>();
  await withEnv({ GTKIT_LOCAL_S3_ROOT: s3Root }, async () => {
    for (const [n, ids] of jobBatches.entries()) {
      const objects = ids.map((id) => ({ datasetObjectId: id, dataObject: { source: `text ${id}` }, answers: answers(Number(id)) }));
      for (const [id, content] of await consolidateBatch(job, n, objects)) delivered.set(id, content);
    }
  });
  return { folder: join(s3Root, 'bucket', 'output', 'job'), delivered };
}

/** Runs `work` with `folder` as the working folder, as a user who cd'd there. */
async function inFolder<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(folder);
  try {
    return await work();
  } finally {
    process.chdir(before);
  }
}
const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as JsonObject);
const confidences = (written: JsonObject[]) => new Map(written.map((l) => [String(l.datasetObjectId), (l['label-metadata'] as JsonObject)['confidence-unrounded']]));
const ds = { type: 'text-classification', algorithm: 'dawid-skene', labels: 'a,b', posteriors: true } as const;

describe('gtkit consolidate --batches job: the job\'s own batches', () => {
  it('replays the consolidation requests in the order the job sent them, and so reproduces its labels; id order does not', async () => {
    const { folder, delivered } = await runJob();
    const out = join(root, 'job.manifest');
    const summary = await consolidateCommand(folder, { ...ds, out, batches: 'job', batchSize: '4' });
    expect(summary).toMatchObject({ batches: 3, jobBatches: 3, objects: 12 });
    const replayed = await lines(out);
    for (const line of replayed) expect(line.label).toBe((delivered.get(String(line.datasetObjectId)) as JsonObject).label);
    // The same confidence to the last digit: the same batches, each starting from the same state.
    const exact = await consolidateCommand(folder, { ...ds, out: join(root, 'exact.manifest'), batches: 'job' });
    expect(exact.batches).toBe(3);
    expect(confidences(await lines(join(root, 'exact.manifest')))).toEqual(confidences(replayed));
    // Batches of 4 in id order are other batches, and another state carried between them.
    await consolidateCommand(folder, { ...ds, out: join(root, 'ids.manifest'), batchSize: '4' });
    expect(confidences(await lines(join(root, 'ids.manifest')))).not.toEqual(confidences(replayed));
  });

  it('cuts each request down to the objects asked for, skips requests left empty, and puts objects in no request after them', () => {
    expect(batchesOf(['0', '1', '2', '3', '4'], 2, [['3', '0'], ['9'], ['1']])).toEqual({ batches: [['3', '0'], ['1'], ['2', '4']], fromJob: 2 });
    expect(batchesOf(['0', '1', '2'], 2)).toEqual({ batches: [['0', '1'], ['2']], fromJob: 0 });
  });

  it('says among the problems (which --strict counts) when objects are in none of the job\'s requests: requests missing, or naming other ids', async () => {
    const { folder } = await runJob();
    const requests = join(folder, 'annotations', 'consolidated-annotation', 'consolidation-request');
    // Every request names other ids: no object is in a batch of the job.
    for (const iteration of await readdir(requests))
      for (const name of await readdir(join(requests, iteration))) {
        const file = join(requests, iteration, name);
        const payload = JSON.parse(await readFile(file, 'utf8')) as Array<{ datasetObjectId: string }>;
        await writeFile(file, JSON.stringify(payload.map((o) => ({ ...o, datasetObjectId: `x${o.datasetObjectId}` }))));
      }
    const renamed = await consolidateCommand(folder, { ...ds, out: join(root, 'r.manifest'), batches: 'job' });
    expect(renamed).toMatchObject({ ok: true, jobBatches: 0, batches: 1 });
    expect(renamed.problems).toEqual([
      {
        stage: 'answers',
        where: '--batches job',
        message: "12 object(s), the first datasetObjectId 0, are not in the job's own batches: they are in none of the 3 consolidation request(s) the job's folder holds (a request missing or damaged, see the warnings, or naming other datasetObjectIds); they were consolidated after those, --batch-size at a time, so their labels may differ from the job's",
      },
    ]);
    // No request at all: said as such, and --strict fails the run.
    await rm(requests, { recursive: true });
    const missing = await consolidateCommand(folder, { ...ds, out: join(root, 'm.manifest'), batches: 'job', strict: true });
    expect(missing).toMatchObject({ ok: false, error: '--strict: 0 not consolidated, 1 problem(s)', jobBatches: 0 });
    expect(missing.problems).toEqual([{ stage: 'answers', where: '--batches job', message: expect.stringContaining('no consolidation request of the job could be read under annotations/consolidated-annotation/consolidation-request/') }]);
  });

  it('names no such problem when every object is in a request of the job', async () => {
    const { folder } = await runJob();
    const summary = await consolidateCommand(folder, { ...ds, out: join(root, 'o.manifest'), batches: 'job', strict: true });
    expect(summary).toMatchObject({ ok: true, jobBatches: 3, problems: [] });
  });

  it('refuses an unknown order in flag terms', async () => {
    await expect(consolidateCommand(root, { type: 'text-classification', batches: 'random', out: join(root, 'o.manifest') })).rejects.toThrow(new UsageError('--batches must be "id-order" or "job", got "random"'));
  });
});

describe('gtkit consolidate --prior <the job\'s state folder>', () => {
  it('adds up every batch\'s part as the ACS does: the same state as the job\'s batches replayed from afresh', async () => {
    const { folder } = await runJob();
    const replayedState = join(root, 'replayed.json');
    await consolidateCommand(folder, { ...ds, out: join(root, 'r.manifest'), batches: 'job', stateOut: replayedState });
    // Started from the folder, one object's batch ends where the job's state and its answers lead; the same start from the replayed state.
    const fromFolder = await consolidateCommand(folder, { ...ds, out: join(root, 'f.manifest'), prior: join(folder, 'annotations', 'gtkit-state') });
    const fromFile = await consolidateCommand(folder, { ...ds, out: join(root, 'p.manifest'), prior: replayedState });
    expect(fromFolder.warnings).toEqual([]);
    expect(confidences(await lines(join(root, 'f.manifest')))).toEqual(confidences(await lines(join(root, 'p.manifest'))));
    expect(fromFile.objects).toBe(12);
    // The job folder and its annotations folder name the same state.
    await consolidateCommand(folder, { ...ds, out: join(root, 'j.manifest'), prior: folder });
    expect(confidences(await lines(join(root, 'j.manifest')))).toEqual(confidences(await lines(join(root, 'f.manifest'))));
  });

  it('warns that one part holds one batch\'s counts, and says what to give for a folder without a state (no raw EISDIR)', async () => {
    const { folder } = await runJob();
    const parts = join(folder, 'annotations', 'gtkit-state', 'consolidation', 'batches');
    const part = join(parts, (await readdir(parts))[0] as string);
    const summary = await consolidateCommand(folder, { ...ds, out: join(root, 'o.manifest'), prior: part });
    expect(summary.warnings).toEqual([{ stage: 'acs', where: `--prior ${part}`, message: `a part holds one batch's own counts, not the job's; give the folder ${join(folder, 'annotations', 'gtkit-state')}/ for the whole job's state, added up as the ACS adds it`, severity: 'warning' }]);
    await expect(consolidateCommand(folder, { ...ds, out: join(root, 'o.manifest'), prior: root + '/nothing' })).rejects.toThrow(/^--prior .*nothing: no such file or folder; give the job's annotations\/gtkit-state\/ folder/);
    const empty = join(root, 'empty');
    await mkdir(empty);
    await expect(consolidateCommand(folder, { ...ds, out: join(root, 'o.manifest'), prior: empty })).rejects.toThrow(new UsageError(`--prior ${empty}: no carried state there (no consolidation.json or consolidation/ in it, its gtkit-state/ or its annotations/gtkit-state/); give the job's annotations/gtkit-state/ folder (local, or s3:// with the source's --s3-endpoint and --region), or a state file written by --state-out`));
  });

  it('a damaged part is left out as the ACS leaves it out, and is a problem naming its file, which --strict counts', async () => {
    const { folder } = await runJob();
    const parts = join(folder, 'annotations', 'gtkit-state', 'consolidation', 'batches');
    const part = join(parts, (await readdir(parts))[0] as string);
    await writeFile(part, '{"version":1,"states":{');
    const state = join(folder, 'annotations', 'gtkit-state');
    const summary = await consolidateCommand(folder, { ...ds, out: join(root, 'o.manifest'), prior: state });
    expect(summary.warnings).toEqual([]);
    expect(summary.problems).toEqual([{ stage: 'acs', where: `--prior ${state}`, message: expect.stringMatching(new RegExp(`^parts of the shared consolidation state were left out: ${escapeRegExp(part)}: `)) }]);
    const strict = await consolidateCommand(folder, { ...ds, out: join(root, 'o.manifest'), prior: state, strict: true });
    expect(strict).toMatchObject({ ok: false, error: '--strict: 0 not consolidated, 1 problem(s)' });
  });

  it('a folder whose every part is damaged is refused in the paths the user gave, the --prior said once', async () => {
    const { folder } = await runJob();
    // A copy of the job's state folder, named as the user names it (relative, its own name).
    const copy = join(root, 's1');
    await cp(join(folder, 'annotations', 'gtkit-state'), copy, { recursive: true });
    const parts = join(copy, 'consolidation', 'batches');
    for (const name of await readdir(parts)) await writeFile(join(parts, name), '{"broken');
    const error = await consolidateCommand(folder, { ...ds, out: join(root, 'o.manifest'), prior: copy }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(new RegExp(`^--prior ${escapeRegExp(copy)}: none of its parts could be read \\(parts of the shared consolidation state were left out: ${escapeRegExp(parts)}/`));
    expect((error as Error).message).not.toContain('s3://s1');
    expect((error as Error).message.split('--prior ').length).toBe(2);
  });

  it('warns that a part holds one batch\'s counts when it is given by a relative path too', async () => {
    const { folder } = await runJob();
    const state = join(folder, 'annotations', 'gtkit-state');
    const name = (await readdir(join(state, 'consolidation', 'batches')))[0] as string;
    const relative = `consolidation/batches/${name}`;
    const summary = await inFolder(state, () => consolidateCommand(folder, { ...ds, out: join(root, 'o.manifest'), prior: relative }));
    expect(summary.warnings).toEqual([{ stage: 'acs', where: `--prior ${relative}`, message: "a part holds one batch's own counts, not the job's; give the folder ./ for the whole job's state, added up as the ACS adds it", severity: 'warning' }]);
  });

  it('works with --task: the task config\'s algorithm starts from the job\'s state, as --type with that algorithm does', async () => {
    const { folder } = await runJob();
    const task = await makeTaskDir(validConfig({ labels: ['a', 'b'], labelAttributeName: 'label', consolidation: { algorithm: 'dawid-skene' } }), {
      'acs.ts': "import { acsHandler } from 'gtkit';\nimport { labelNames } from 'gtkit/config';\nimport { taskConsolidation } from 'gtkit/task-types';\nimport config from './gtkit.config.ts';\n\nexport const handler = acsHandler(taskConsolidation(config.type, { algorithm: config.consolidation.algorithm, labels: labelNames(config) }));\n",
    });
    try {
      const state = join(folder, 'annotations', 'gtkit-state');
      await consolidateCommand(folder, { task: task.dir, out: join(root, 't.manifest'), prior: state, stateOut: join(root, 't.json') });
      await consolidateCommand(folder, { type: 'text-classification', algorithm: 'dawid-skene', labels: 'a,b', out: join(root, 'd.manifest'), prior: state, stateOut: join(root, 'd.json') });
      const metadata = (ls: JsonObject[]) => ls.map((l) => [l.label, (l['label-metadata'] as JsonObject).confidence]);
      expect(metadata(await lines(join(root, 't.manifest')))).toEqual(metadata(await lines(join(root, 'd.manifest'))));
      expect(JSON.parse(await readFile(join(root, 't.json'), 'utf8'))).toEqual(JSON.parse(await readFile(join(root, 'd.json'), 'utf8')));
    } finally {
      await task.cleanup();
    }
  });
});

describe('gtkit consolidate --only-failed: patch an earlier output', () => {
  it('relabels the failed and unlabelled lines only, and keeps every other line byte for byte', async () => {
    const { folder } = await runJob();
    const earlier = join(root, 'earlier.manifest');
    const failure = { consolidationError: 'the ACS threw', answers: [] };
    const rows = truth.map((t, i) =>
      i === 2 ? JSON.stringify({ source: 'text 2', label: failure, 'label-metadata': { 'failure-reason': 'ACS: the ACS threw' } })
      : i === 5 ? JSON.stringify({ source: 'text 5', 'label-metadata': { 'failure-reason': 'ClientError: Annotation tasks expired' } })
      // Spacing and a key order JSON.stringify would not keep: only an untouched line keeps them.
      : `{"label":  ${t === 'a' ? 0 : 1}, "source": "text ${i}", "label-metadata": {"class-name": "${t}", "confidence": 0.9}}`,
    );
    await writeFile(earlier, `${rows.join('\n')}\n`);
    const out = join(root, 'patched.manifest');
    const summary = await consolidateCommand(folder, { ...ds, onlyFailed: earlier, out, batches: 'job', prior: join(folder, 'annotations', 'gtkit-state') });
    expect(summary).toMatchObject({ objects: 2, onlyFailed: { relabelled: 2, kept: 10 }, batches: 2, jobBatches: 2, failed: 0, linesWithoutAnswers: 0 });
    const written = (await readFile(out, 'utf8')).split('\n');
    truth.forEach((_, i) => {
      if (i !== 2 && i !== 5) expect(written[i]).toBe(rows[i]);
    });
    expect(JSON.parse(written[2] as string)).toMatchObject({ source: 'text 2', 'label-metadata': { 'class-name': truth[2] } });
    expect(JSON.parse(written[5] as string)).toMatchObject({ source: 'text 5', 'label-metadata': { 'class-name': truth[5] } });
    expect(JSON.parse(written[5] as string)['label-metadata']).not.toHaveProperty('failure-reason');
    expect(JSON.parse(written[2] as string).label).not.toHaveProperty('consolidationError');
  });

  it('refuses an empty file: no line tells which objects were labelled', async () => {
    const { folder } = await runJob();
    const empty = join(root, 'empty.manifest');
    await writeFile(empty, '\n');
    await expect(consolidateCommand(folder, { ...ds, onlyFailed: empty, out: join(root, 'o.manifest') })).rejects.toThrow(new UsageError(`--only-failed ${empty}: holds no line; give the output manifest an earlier gtkit consolidate (or the job) wrote`));
  });

  it('a line naming an object another line names first is kept byte for byte and named; the first line is the object\'s', async () => {
    const { folder } = await runJob();
    const earlier = join(root, 'earlier.manifest');
    const labelled = (i: number) => `{"source": "text ${i}", "label": ${truth[i] === 'a' ? 0 : 1}, "label-metadata": {"class-name": "${truth[i]}"}}`;
    // Line 1 says it is object 2 and has no label; line 3 is object 2 by its position and has none either.
    const rows = truth.map((_, i) => (i === 0 ? '{"datasetObjectId": "2", "source": "text 2"}' : i === 2 ? '{"source": "text 2",  "label-metadata": {}}' : labelled(i)));
    await writeFile(earlier, `${rows.join('\n')}\n`);
    const out = join(root, 'o.manifest');
    const summary = await consolidateCommand(folder, { ...ds, onlyFailed: earlier, out });
    const written = (await readFile(out, 'utf8')).trim().split('\n');
    expect(JSON.parse(written[0] as string)).toMatchObject({ datasetObjectId: '2', source: 'text 2', 'label-metadata': { 'class-name': truth[2] } });
    expect(written[2]).toBe(rows[2]);
    expect(summary.problems).toContainEqual({ stage: 'manifest', where: `${earlier}:3`, message: 'names datasetObjectId 2 by its position, as line 1 does; line 1 is that object\'s, and this line is kept as it is. Give each line its own datasetObjectId' });
    // Object 0, whose place line 1 took, has no line of its own: it comes at the end, by id, and is named.
    expect(JSON.parse(written[12] as string)).toMatchObject({ datasetObjectId: '0' });
    expect(summary.problems).toContainEqual({ stage: 'acs', where: 'datasetObjectId 0', message: `it has answers but no line in ${earlier}; written at the end with its id only` });
    expect(summary).toMatchObject({ objects: 2, linesWithoutAnswers: 0 });
  });

  it('patches the earlier output in place when -o is that file', async () => {
    const { folder } = await runJob();
    const earlier = join(root, 'earlier.manifest');
    const rows = truth.map((t, i) => (i === 4 ? '{"source": "text 4", "label-metadata": {}}' : `{"source": "text ${i}", "label": ${t === 'a' ? 0 : 1}}`));
    await writeFile(earlier, `${rows.join('\n')}\n`);
    const summary = await consolidateCommand(folder, { ...ds, onlyFailed: earlier, out: earlier });
    expect(summary.onlyFailed).toMatchObject({ relabelled: 1, kept: 11 });
    const written = (await readFile(earlier, 'utf8')).trim().split('\n');
    expect(written.filter((_, i) => i !== 4)).toEqual(rows.filter((_, i) => i !== 4));
    expect(JSON.parse(written[4] as string)).toMatchObject({ 'label-metadata': { 'class-name': truth[4] } });
  });

  it('refuses an output written under another label attribute, and goes without --manifest', async () => {
    const earlier = join(root, 'earlier.manifest');
    await writeFile(earlier, '{"source":"x","category":0}\n');
    await expect(consolidateCommand(root, { type: 'text-classification', onlyFailed: earlier, out: join(root, 'o.manifest'), manifest: earlier })).rejects.toThrow(/^--only-failed and --manifest exclude each other/);
    const { folder } = await runJob();
    await expect(consolidateCommand(folder, { type: 'text-classification', onlyFailed: earlier, out: join(root, 'o.manifest') })).rejects.toThrow(new UsageError(`--only-failed ${earlier}: no line holds "label" or "label-metadata", so none tells whether it was labelled; give --label-attribute <the label attribute that output was written with>`));
  });
});

describe('gtkit consolidate --json names the objects; --rest writes the lines without a label', () => {
  it('lists the failed objects with their reasons and files, and the lines without answers; --rest holds both kinds of line, unchanged', async () => {
    const { folder } = await runJob();
    // Object 3's only file is cut short: it fails, naming the file. Two more manifest lines were never answered.
    const broken = join(folder, 'annotations', 'worker-response', 'iteration-1', '3', '2026-11-23_10:00:00.json');
    await writeFile(broken, '{"answers": [');
    const manifest = join(root, 'manifest.jsonl');
    const inputRows = [...truth.map((_, i) => `{"source": "text ${i}"}`), '', '{"source":"never answered 12"}', '{"source":"never answered 13",  "x": 1}'];
    await writeFile(manifest, `${inputRows.join('\n')}\n`);
    const rest = join(root, 'rest.manifest');
    const summary = await consolidateCommand(folder, { ...ds, manifest, rest, out: join(root, 'o.manifest') });
    expect(summary.failed).toBe(1);
    expect(summary.failedObjects).toEqual([{ datasetObjectId: '3', reason: expect.stringMatching(/^the worker-response file .*3\/2026-11-23_10:00:00\.json could not be read: it is not valid JSON/), file: broken }]);
    expect(summary).toMatchObject({ linesWithoutAnswers: 2, unansweredLines: [{ line: 14, datasetObjectId: '12' }, { line: 15, datasetObjectId: '13' }] });
    expect(summary.problems).toContainEqual({ stage: 'answers', where: broken, message: expect.stringMatching(/^not valid JSON/) });
    expect(summary.rest).toEqual({ file: expect.stringContaining('rest.manifest'), lines: 3 });
    expect(await readFile(rest, 'utf8')).toBe(`${inputRows[3]}\n${inputRows[13]}\n${inputRows[14]}\n`);
  });

  it('--rest copies the lines as the file has them: a byte-order mark and CRLF endings dropped as the manifest reader drops them, the last line without its newline kept', async () => {
    const { folder } = await runJob();
    const manifest = join(root, 'manifest.jsonl');
    const inputRows = [...truth.map((_, i) => `{"source": "text ${i}"}`), '{ "source":"é never answered 12" }', '{"source":"never answered 13"}'];
    await writeFile(manifest, `\uFEFF${inputRows.join('\r\n')}`);
    const rest = join(root, 'rest.manifest');
    const summary = await consolidateCommand(folder, { ...ds, manifest, rest, out: join(root, 'o.manifest') });
    expect(summary.rest).toEqual({ file: expect.stringContaining('rest.manifest'), lines: 2 });
    expect(await readFile(rest, 'utf8')).toBe(`${inputRows[12]}\n${inputRows[13]}\n`);
  });

  it('--rest is not copied from a manifest changed while the run worked: its line numbers may name other lines now', async () => {
    const { folder } = await runJob();
    const manifest = join(root, 'manifest.jsonl');
    await writeFile(manifest, `${[...truth.map((_, i) => `{"source":"text ${i}"}`), '{"source":"never answered 12"}'].join('\n')}\n`);
    const rest = join(root, 'rest.manifest');
    // Someone edits the manifest (a line inserted at the top) once the labels are made.
    const edit = (p: { step: string }) => {
      if (p.step === 'write') writeFileSync(manifest, `{"source":"inserted"}\n${readFileSync(manifest, 'utf8')}`);
    };
    const summary = await consolidateCommand(folder, { ...ds, manifest, rest, out: join(root, 'o.manifest') }, edit);
    const changed = `${manifest} changed while the run worked (it is not the file that was read); --rest was not written, since its line numbers may name other lines now: run gtkit consolidate again`;
    expect(summary).toMatchObject({ ok: false, error: `--rest ${rest}: ${changed}` });
    expect(summary).not.toHaveProperty('rest');
    expect(summary.problems).toContainEqual({ stage: 'manifest', where: `--rest ${rest}`, message: changed });
    await expect(readFile(rest, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses --rest (or any output) on a file another flag reads or writes, however the path is spelled, before any work', async () => {
    const manifest = join(root, 'in.manifest');
    const text = '{"source":"a"}\n{"source":"b"}\n';
    await writeFile(manifest, text);
    const out = join(root, 'out.manifest');
    await expect(consolidateCommand(root, { ...ds, manifest, rest: manifest, out })).rejects.toThrow(new UsageError(`--rest ${manifest}: is the file --manifest reads (--manifest ${manifest}), which the run would overwrite; give --rest a file of its own`));
    await expect(consolidateCommand(root, { ...ds, manifest, rest: out, out })).rejects.toThrow(new UsageError(`--rest ${out}: is also the file -o writes (-o ${out}), which the run would overwrite; give --rest a file of its own`));
    // The same file by another path: through the folder's parent.
    const other = join(root, '..', basename(root), 'in.manifest');
    await expect(consolidateCommand(root, { ...ds, manifest, rest: join(root, 'r.manifest'), out: other })).rejects.toThrow(new UsageError(`-o ${other}: is the file --manifest reads (--manifest ${manifest}), which the run would overwrite; give -o a file of its own`));
    await expect(consolidateCommand(root, { ...ds, out, workers: out })).rejects.toThrow(/^--workers .*: is also the file -o writes/);
    expect(await readFile(manifest, 'utf8')).toBe(text);
  });

  it('--rest does not go with --only-failed, and says what to run instead', async () => {
    await expect(consolidateCommand(root, { type: 'text-classification', onlyFailed: join(root, 'e.manifest'), rest: join(root, 'r.manifest'), out: join(root, 'o.manifest') })).rejects.toThrow(
      new UsageError("--rest does not go with --only-failed: it writes input-manifest lines, and --only-failed's lines are an earlier output's; for the rest, run gtkit consolidate again with --manifest <the job's input manifest> --rest <file> (with --batches job, which reproduces the job's own labels)"),
    );
  });

  it('--rest goes with --manifest', async () => {
    await expect(consolidateCommand(root, { type: 'text-classification', rest: join(root, 'r.manifest'), out: join(root, 'o.manifest') })).rejects.toThrow(new UsageError("--rest goes with --manifest <the job's input manifest>: it writes that manifest's lines that got no label"));
  });
});
