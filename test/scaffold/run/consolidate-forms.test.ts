import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../lambdas/contracts/check.ts';
import { LocalObjectStore } from '../../../lambdas/io/local-store.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { jobOutputLayout } from '../../../scaffold/run/layout.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-forms-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const field = getTaskType('text-classification').answerField;
/** Each object's three answers: all agree, so every label is sure and only the form can differ. */
const truth = ['a', 'b', 'a', 'b'];

/** A finished job's folder (its worker responses only), named "job" as its S3 folder would be. */
async function jobFolder(): Promise<string> {
  const s3Root = join(root, 's3');
  const store = new LocalObjectStore(s3Root);
  const layout = jobOutputLayout('s3://bucket/output', 'job');
  for (const [i, label] of truth.entries()) {
    const answers = [0, 1, 2].map((w) => ({ workerId: `w${w}`, datasetObjectId: String(i), acceptanceTime: '2026-11-23T10:00:00Z', submissionTime: '2026-11-23T10:00:30Z', timeSpentInSeconds: 30, answerContent: { [field]: { label } } }));
    await store.putText(layout.workerResponse(String(i), '2026-11-23_10:00:00'), JSON.stringify({ answers }));
  }
  return join(s3Root, 'bucket', 'output', 'job');
}

/** A labelled line as written with a class index `index` and a job-name `jobName`. */
const labelled = (i: number, index: number | string, jobName: string) =>
  JSON.stringify({ source: `text ${i}`, label: index, 'label-metadata': { type: 'groundtruth/text-classification', 'class-name': truth[i], confidence: 1, 'job-name': jobName, 'human-annotated': 'yes', 'creation-date': '2026-11-24T09:00:00.000000' } });
/** Object 1's line, failed, as the job (or an earlier gtkit) wrote it. */
const failed = (jobName: string) => JSON.stringify({ source: 'text 1', label: { consolidationError: 'the ACS threw', rawAnnotations: [] }, 'label-metadata': { type: 'groundtruth/custom', 'job-name': jobName, 'failure-reason': 'ACS: the ACS threw' } });
const earlierOf = async (rows: string[]) => {
  const file = join(root, 'earlier.manifest');
  await writeFile(file, `${rows.join('\n')}\n`);
  return file;
};
const flags = { type: 'text-classification', labels: 'a,b' } as const;
const lineOf = async (file: string, i: number) => JSON.parse((await readFile(file, 'utf8')).split('\n')[i] as string) as JsonObject;
const formWarnings = (summary: { warnings: Array<{ where: string; message: string }> }, earlier: string) => summary.warnings.filter((w) => w.where === `--only-failed ${earlier}`);

describe('gtkit consolidate --only-failed on an output in another form', () => {
  it('warns once, naming both forms of the class index and of job-name and what to do, when the kept lines are in an earlier gtkit\'s form', async () => {
    const folder = await jobFolder();
    // gtkit before 2026-11-24: a text-classification index as a number, job-name "labeling-job/<name>".
    const earlier = await earlierOf(truth.map((_, i) => (i === 1 ? failed('labeling-job/job') : labelled(i, i % 2, 'labeling-job/job'))));
    const out = join(root, 'patched.manifest');
    const summary = await consolidateCommand(folder, { ...flags, onlyFailed: earlier, out });
    expect(summary.onlyFailed).toMatchObject({ relabelled: 1, kept: 3 });
    // Today's form in the re-consolidated line: what the warning is about.
    expect(await lineOf(out, 1)).toMatchObject({ label: '1', 'label-metadata': { 'job-name': 'job' } });
    expect(formWarnings(summary, earlier)).toEqual([
      {
        stage: 'manifest',
        where: `--only-failed ${earlier}`,
        message:
          'the patched file mixes two forms (the kept lines were written by an earlier gtkit or by the job): the class index is a number (0) at line 1 in the kept lines, a numeric string ("0") in the re-consolidated ones; job-name is "labeling-job/<name>" at line 1 in the kept lines, "<name>" in the re-consolidated ones; give --earlier-form to write the re-consolidated lines in the kept lines\' form, or convert the kept lines to today\'s form, or read both forms',
        severity: 'warning',
      },
    ]);
    // A warning: the run went on, and --strict does not count it.
    expect(summary.problems).toEqual([]);
    expect((await consolidateCommand(folder, { ...flags, onlyFailed: earlier, out, strict: true })).ok).toBe(true);
  });

  it('--earlier-form writes the re-consolidated lines in the kept lines\' form, so the patched file has one shape and nothing is warned', async () => {
    const folder = await jobFolder();
    const rows = truth.map((_, i) => (i === 1 ? failed('labeling-job/job') : labelled(i, i % 2, 'labeling-job/job')));
    const earlier = await earlierOf(rows);
    const out = join(root, 'patched.manifest');
    const summary = await consolidateCommand(folder, { ...flags, onlyFailed: earlier, out, earlierForm: true });
    const relabelled = await lineOf(out, 1);
    expect(relabelled).toMatchObject({ source: 'text 1', label: 1, 'label-metadata': { 'class-name': 'b', 'job-name': 'labeling-job/job' } });
    // The shape of a kept line: the same keys, the same types.
    expect(Object.keys(relabelled['label-metadata'] as JsonObject).sort()).toEqual(Object.keys(JSON.parse(rows[0] as string)['label-metadata']).sort());
    expect(formWarnings(summary, earlier)).toEqual([]);
    // The kept lines stay byte for byte.
    const written = (await readFile(out, 'utf8')).split('\n');
    for (const i of [0, 2, 3]) expect(written[i]).toBe(rows[i]);
  });

  it('goes the other way too: kept lines in today\'s form and a numeric index written by a number-index type stay one shape', async () => {
    const folder = await jobFolder();
    const earlier = await earlierOf(truth.map((_, i) => (i === 1 ? failed('job') : labelled(i, String(i % 2), 'job'))));
    const summary = await consolidateCommand(folder, { ...flags, onlyFailed: earlier, out: join(root, 'o.manifest') });
    expect(formWarnings(summary, earlier)).toEqual([]);
    // Image classification writes a number: against kept numeric strings, --earlier-form writes "1".
    const images = await consolidateCommand(folder, { ...flags, type: 'image-classification', onlyFailed: earlier, out: join(root, 'i.manifest') });
    expect(formWarnings(images, earlier).map((w) => w.message)).toEqual([expect.stringContaining('the class index is a numeric string ("0") at line 1 in the kept lines, a number (0) in the re-consolidated ones; give --earlier-form')]);
    await consolidateCommand(folder, { ...flags, type: 'image-classification', onlyFailed: earlier, out: join(root, 'i.manifest'), earlierForm: true });
    expect(await lineOf(join(root, 'i.manifest'), 1)).toMatchObject({ label: '1' });
  });

  it('kept lines that mix the forms themselves are named, with no one form for --earlier-form to follow', async () => {
    const folder = await jobFolder();
    const earlier = await earlierOf([labelled(0, 0, 'labeling-job/job'), failed('job'), labelled(2, 0, 'job'), labelled(3, 1, 'job')]);
    const out = join(root, 'o.manifest');
    const summary = await consolidateCommand(folder, { ...flags, onlyFailed: earlier, out, earlierForm: true });
    // The class index has one kept form (a number): followed. job-name has two: left in today's form, and said.
    expect(await lineOf(out, 1)).toMatchObject({ label: 1, 'label-metadata': { 'job-name': 'job' } });
    expect(formWarnings(summary, earlier).map((w) => w.message)).toEqual([
      'the patched file mixes two forms (the kept lines were written by an earlier gtkit or by the job): job-name is "labeling-job/<name>" at line 1 and "<name>" at line 3 in the kept lines, "<name>" in the re-consolidated ones; the kept lines themselves mix those forms, so there is no one earlier form to write in: convert the kept lines to one form, or read both forms',
    ]);
  });

  it('--earlier-form goes with --only-failed, said before any work', async () => {
    const folder = await jobFolder();
    await expect(consolidateCommand(folder, { ...flags, out: join(root, 'o.manifest'), earlierForm: true })).rejects.toThrow(
      new UsageError("--earlier-form goes with --only-failed <output.manifest>: it writes the re-consolidated lines in the form that output's kept lines are written in"),
    );
  });
});
