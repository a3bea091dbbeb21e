import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../scaffold/cli/exit-codes.ts';
import { runJobCommand } from '../../../scaffold/commands/job-command.ts';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';
import { checkUploadedManifest, readTaskManifest } from '../../../scaffold/job/job-manifest.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { submittableConfig } from './fixtures.ts';

const good = '{"source":"where is my parcel"}\n{"source":"I want my money back"}\n';
const streaming: Partial<TaskConfig> = { streaming: { inputTopicArn: 'arn:aws:sns:eu-west-1:210987654321:GroundTruth-in' } };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface Run {
  dir: string;
  error: unknown;
  lines: string[];
  summary: { ok: boolean; problems: Array<{ severity: string; path: string; message: string; fix: string }> };
}

/** `gtkit job --json` on a task whose manifest.jsonl holds `manifest` (a string or bytes; undefined for none). */
async function job(manifest: string | Buffer | undefined, overrides: Partial<TaskConfig> = {}, options: { create?: boolean } = {}): Promise<Run> {
  const { dir, cleanup } = await makeTaskDir(submittableConfig(overrides));
  cleanups.push(cleanup);
  if (manifest !== undefined) await writeFile(join(dir, 'manifest.jsonl'), manifest);
  const lines: string[] = [];
  const sagemaker = () => {
    throw new Error('no request may be sent');
  };
  const error = await runJobCommand(dir, { json: true, ...options }, { output: { out: (l) => lines.push(l), err: (l) => lines.push(l) }, sagemaker, s3: sagemaker }).then(
    () => undefined,
    (e: unknown) => e,
  );
  const json = lines.find((l) => l.startsWith('{'));
  return { dir, error, lines, summary: JSON.parse(json ?? '{}') };
}

const manifestProblems = (run: Run) => run.summary.problems.filter((p) => p.path === 'InputConfig.DataSource.S3DataSource.ManifestS3Uri').map((p) => `${p.severity} ${p.message}`);

describe('gtkit job refuses a manifest Ground Truth could read nothing from', () => {
  it.each([
    ['empty', '', 'has no data objects (it is empty), so a job made from it would label nothing'],
    ['blank lines only', '\n  \n\n', 'has no data objects (it is empty but for blank lines), so a job made from it would label nothing'],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]), 'the file is UTF-16 (it starts with a UTF-16 byte-order mark), so Ground Truth could read no data object from it'],
    ['Latin-1 only', Buffer.from('{"source":"caf\xe9"}\n', 'latin1'), 'is not UTF-8: no line of it is (a file saved as Latin-1 or another older encoding?), so Ground Truth could read no data object from it'],
    ['every line bad', '[]\n"x"\nnull\n{"a":1}\n', 'none of its 4 lines is a data object Ground Truth can read (line 1: expected a JSON object, got an array), so a job made from it would label nothing'],
  ])('%s: an error naming the file, nothing written, and with --create nothing sent', async (_, manifest, message) => {
    for (const create of [false, true]) {
      const run = await job(manifest, {}, { create });
      expect(manifestProblems(run)).toEqual([`error ${join(run.dir, 'manifest.jsonl')}: ${message}`]);
      expect(run.error).toBeInstanceOf(CliError);
      expect(run.summary.ok).toBe(false);
      expect(existsSync(join(run.dir, '.gtkit', 'request.json'))).toBe(false);
    }
  });

  it('says what to do: every bad line points to gtkit lint, UTF-16 to saving as UTF-8', async () => {
    const bad = await job('[]\n');
    expect(bad.summary.problems[0]?.fix).toBe('run gtkit lint, which names each bad line and what is wrong with it; each line of manifest.jsonl must be one JSON object with "source" (text) or "source-ref" (an s3:// URI)');
    expect(manifestProblems(bad)).toEqual([`error ${join(bad.dir, 'manifest.jsonl')}: its one line is not a data object Ground Truth can read (line 1: expected a JSON object, got an array), so a job made from it would label nothing`]);
    const utf16 = await job(Buffer.from([0xfe, 0xff, 0, 0x7b]));
    expect(utf16.summary.problems[0]?.fix).toMatch(/^save manifest\.jsonl again as UTF-8/);
  });

  it('a folder where the manifest should be is refused with the way out', async () => {
    const { dir, cleanup } = await makeTaskDir(submittableConfig());
    cleanups.push(cleanup);
    await mkdir(join(dir, 'manifest.jsonl'));
    const lines: string[] = [];
    await expect(runJobCommand(dir, {}, { output: { out: (l) => lines.push(l), err: (l) => lines.push(l) } })).rejects.toThrow(CliError);
    expect(lines.join('\n')).toContain(`${join(dir, 'manifest.jsonl')}: is a folder, not a file: the input manifest is one JSON Lines file, so Ground Truth could read no data object from it\n  fix: move the folder manifest.jsonl away`);
  });
});

describe('gtkit job warns about bad lines and a byte-order mark, and writes the request', () => {
  it('counts the bad lines and names the first ones', async () => {
    const bad = Array.from({ length: 8 }, () => '[]');
    const run = await job(`${good}${bad.join('\n')}\n`);
    expect(run.error).toBeUndefined();
    expect(manifestProblems(run)).toEqual([`warning ${join(run.dir, 'manifest.jsonl')}: 8 lines Ground Truth cannot read: lines 3, 4, 5, 6, 7 and 3 more (line 3: expected a JSON object, got an array); 2 lines are good`]);
    expect(existsSync(join(run.dir, '.gtkit', 'request.json'))).toBe(true);
    const one = await job(`${good}{"source": 5}\n`);
    expect(manifestProblems(one)).toEqual([`warning ${join(one.dir, 'manifest.jsonl')}: 1 line Ground Truth cannot read: line 3 (line 3: "source" must be a string (the text), got number); 2 lines are good`]);
  });

  it('a UTF-8 byte-order mark is a warning; a clean manifest has no manifest problem at all', async () => {
    const bom = await job(`\ufeff${good}`);
    expect(manifestProblems(bom)).toEqual([expect.stringMatching(/^warning .*manifest\.jsonl: starts with a UTF-8 byte-order mark \(BOM\)/)]);
    expect(bom.summary.ok).toBe(true);
    expect(manifestProblems(await job(good))).toEqual([]);
  });

  it('a manifest that is not there is a warning: the request may send one deployed before', async () => {
    const run = await job(undefined);
    expect(run.error).toBeUndefined();
    expect(manifestProblems(run)).toEqual([`warning ${join(run.dir, 'manifest.jsonl')}: no such file, so the manifest the request sends was not checked (gtkit deploy uploads this file to that place)`]);
  });

  it('the data folders still come from the good lines', async () => {
    const run = await job(`{"source-ref":"s3://acme-images/cats/1.jpg"}\n[]\n`);
    expect(run.summary.problems.some((p) => p.message.includes('names objects under s3://acme-images/cats/'))).toBe(true);
  });

  it('a streaming job, which sends no manifest, is not affected', async () => {
    const run = await job('', streaming);
    expect(run.error).toBeUndefined();
    expect(manifestProblems(run)).toEqual([]);
  });
});

describe('gtkit job and gtkit deploy: a label attribute the manifest already holds', () => {
  /** `good` with every line given `intent` (a class index) and its metadata, as an earlier job named `job` writes them. */
  const labelledBy = (job: string | undefined, count = 12) =>
    Array.from({ length: count }, (_, i) => JSON.stringify({ source: `ticket ${i}`, intent: 1, 'intent-metadata': { 'class-name': 'delivery', ...(job ? { 'job-name': job } : {}) } })).join('\n') + '\n';
  const clashProblems = (run: Run) => run.summary.problems.filter((p) => p.path === 'labelAttributeName');

  it("another job's labels under the job's label attribute: one error naming the attribute, the job and the first lines; nothing written, nothing sent", async () => {
    for (const create of [false, true]) {
      const run = await job(labelledBy('tickets-first-pass'), {}, { create });
      expect(clashProblems(run)).toEqual([
        {
          severity: 'error',
          path: 'labelAttributeName',
          message: `"intent" is the label attribute of the earlier job tickets-first-pass in 12 lines of ${join(run.dir, 'manifest.jsonl')} (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more), and this job's output would replace those labels`,
          fix: `set another labelAttributeName in ${join(run.dir, 'gtkit.config.ts')} (now "intent"; say "ticket-intent-2026"): a job fed another job's output needs a label attribute of its own (Ground Truth requires it of its own adjustment and verification jobs), and the earlier labels then stay in each output line beside this job's`,
        },
      ]);
      expect(run.error).toBeInstanceOf(CliError);
      expect(run.summary.ok).toBe(false);
      expect(existsSync(join(run.dir, '.gtkit', 'request.json'))).toBe(false);
    }
  });

  it('the same keys without another job behind them (stale, or this job\'s own output) are a warning: the request is written', async () => {
    for (const jobName of [undefined, 'ticket-intent-2026', 'labeling-job/Ticket-Intent-2026']) {
      const run = await job(labelledBy(jobName, 2));
      expect(clashProblems(run).map((p) => `${p.severity} ${p.message}`)).toEqual([`warning 2 lines of ${join(run.dir, 'manifest.jsonl')} (lines 1, 2) already hold "intent" and "intent-metadata", which this job's output replaces`]);
      expect(run.error).toBeUndefined();
    }
    // A data field of that name, not a label: said as a field.
    const field = await job('{"source":"a","intent":"refund"}\n{"source":"b"}\n');
    expect(clashProblems(field).map((p) => `${p.severity} ${p.message}; ${p.fix}`)).toEqual([
      `warning 1 line of ${join(field.dir, 'manifest.jsonl')} (line 1) already has a field "intent", which this job's output replaces with its label; set another labelAttributeName in ${join(field.dir, 'gtkit.config.ts')} (now "intent"; say "ticket-intent-2026") to keep that field, or rename the field in the manifest`,
    ]);
  });

  it('gtkit deploy (and its CloudFormation route) refuses the error before anything is built or sent, and passes the warning on', async () => {
    const { dir, cleanup } = await makeTaskDir(submittableConfig(), { 'manifest.jsonl': labelledBy('tickets-first-pass', 1) });
    cleanups.push(cleanup);
    const uploaded = async () => {
      const task = await loadTask(dir);
      return checkUploadedManifest(task, await readTaskManifest(task));
    };
    const refused = await uploaded();
    expect(refused.refusal).toMatch(/^"intent" is the label attribute of the earlier job tickets-first-pass in 1 line of .*manifest\.jsonl \(line 1\), and this job's output would replace those labels; set another labelAttributeName in /);
    await writeFile(join(dir, 'manifest.jsonl'), labelledBy(undefined, 1));
    const warned = await uploaded();
    expect(warned.refusal).toBeUndefined();
    expect(warned.warnings).toEqual([expect.stringMatching(/^1 line of .*manifest\.jsonl \(line 1\) already holds "intent" and "intent-metadata", which this job's output replaces; set another labelAttributeName/)]);
  });
});
