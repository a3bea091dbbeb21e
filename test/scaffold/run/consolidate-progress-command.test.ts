import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerConsolidateCommand } from '../../../scaffold/commands/consolidate.ts';
import { consolidateProgressLine } from '../../../scaffold/consolidate/progress.ts';
import type { ProgressReporterOptions } from '../../../scaffold/run/progress-reporter.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-consolidate-progress-');

/** What `gtkit consolidate` wrote, in order: stdout lines, stderr lines, and the raw writes of the progress stream (stderr too). */
type Written = Array<{ to: 'stdout' | 'stderr' | 'progress'; text: string }>;

/** Runs `gtkit consolidate <args>` with stdout and the progress stream captured; each look at the clock is 150 ms later. */
async function gtkitConsolidate(args: string[], stream: { isTTY: boolean }): Promise<Written> {
  const written: Written = [];
  let now = 0;
  const progress: ProgressReporterOptions = { stream: { ...stream, write: (text: string) => void written.push({ to: 'progress', text }) }, clock: () => (now += 150), every: () => () => undefined };
  const program = new Command().exitOverride();
  registerConsolidateCommand(program, { out: (text) => void written.push({ to: 'stdout', text }), err: (text) => void written.push({ to: 'stderr', text: `${text}\n` }) }, progress).exitOverride();
  await program.parseAsync(['node', 'gtkit', 'consolidate', ...args]);
  return written;
}

let job: string;
beforeAll(async () => {
  job = join(temp.path, 'job');
  // 5 objects, 3 answers each: with --batch-size 2, three ACS batches.
  for (let id = 0; id < 5; id++) {
    const dir = join(job, 'annotations', 'worker-response', 'iteration-1', String(id));
    await mkdir(dir, { recursive: true });
    const answers = ['w1', 'w2', 'w3'].map((workerId) => ({ workerId, answerContent: { crowdClassification: { label: id % 2 ? 'cat' : 'dog' } } }));
    await writeFile(join(dir, '2026-11-23_10:00:00.json'), JSON.stringify({ answers }));
  }
});

const args = (out: string, ...more: string[]) => [job, '--type', 'image-classification', '--labels', 'cat,dog', '--batch-size', '2', '-o', join(temp.path, out), ...more];

describe('gtkit consolidate: progress on stderr', () => {
  it('on a terminal, one line in place (files read, then objects consolidated batch by batch), cleared before the summary', async () => {
    const written = await gtkitConsolidate(args('tty.manifest'), { isTTY: true });
    const drawn = written.filter((w) => w.to === 'progress' && w.text !== '\r\x1b[K').map((w) => w.text.replace(/^\r/, '').replace(/\x1b\[K$/, '').replace(/\d+\.\d s/, 'T s'));
    expect(drawn).toEqual([
      'consolidate T s · reading worker responses',
      'consolidate T s · reading worker responses 0/5 files',
      'consolidate T s · reading worker responses 5/5 files',
      'consolidate T s · consolidating 0/5 objects',
      'consolidate T s · consolidating 2/5 objects',
      'consolidate T s · consolidating 4/5 objects',
      'consolidate T s · consolidating 5/5 objects',
      'consolidate T s · writing the output manifest',
    ]);
    // Gone before the first summary line, and never drawn again after it.
    const firstSummary = written.findIndex((w) => w.to === 'stdout');
    expect(written[firstSummary - 1]).toEqual({ to: 'progress', text: '\r\x1b[K' });
    expect(written.slice(firstSummary).some((w) => w.to === 'progress')).toBe(false);
    expect(written[firstSummary]?.text).toBe('5 objects from 5 worker-response files, 15 answers; 0 not consolidated');
  });

  it('stdout and the output file are the same with the progress as without it (not a terminal: no progress at all)', async () => {
    const withProgress = await gtkitConsolidate(args('a.manifest'), { isTTY: true });
    const without = await gtkitConsolidate(args('b.manifest'), { isTTY: false });
    expect(without.filter((w) => w.to === 'progress')).toEqual([]);
    const stdout = (w: Written) => w.filter((x) => x.to !== 'progress').map((x) => x.text.replace(/[ab]\.manifest/, 'X'));
    expect(stdout(withProgress)).toEqual(stdout(without));
    // The consolidation date in each line's metadata is the run's clock; the rest is byte for byte.
    const lines = async (name: string) => (await readFile(join(temp.path, name), 'utf8')).replace(/"creation-date":"[^"]+"/g, '');
    expect(await lines('a.manifest')).toBe(await lines('b.manifest'));
  });

  it('with --json, nothing on stderr even on a terminal, and stdout is one JSON document', async () => {
    const written = await gtkitConsolidate(args('json.manifest', '--json'), { isTTY: true });
    expect(written.filter((w) => w.to !== 'stdout')).toEqual([]);
    expect(JSON.parse(written.map((w) => w.text).join('\n'))).toMatchObject({ ok: true, objects: 5, answers: 15 });
  });

  it('the line names the step and counts the objects', () => {
    expect(consolidateProgressLine.text({ step: 'read', objects: 0, objectsDone: 0 }, 3_100)).toBe('consolidate 3.1 s · reading worker responses');
    expect(consolidateProgressLine.text({ step: 'read', objects: 0, objectsDone: 0, filesRead: 20_032, files: 50_000 }, 2_000)).toBe('consolidate 2.0 s · reading worker responses 20,032/50,000 files');
    expect(consolidateProgressLine.text({ step: 'consolidate', objects: 50_000, objectsDone: 12_000 }, 4_000)).toBe('consolidate 4.0 s · consolidating 12,000/50,000 objects');
  });
});
